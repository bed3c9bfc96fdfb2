/**
 * The host side of the module contract: {@link runbook.host.ShellHostView} answers a module's
 * questions and {@link runbook.host.ActionRunner} performs its actions, both as POSIX shell over a
 * {@link runbook.connect.Connection}. No agent and no Python on the host: only sh and coreutils.
 *
 * <h2>One exec per call</h2>
 *
 * On an open SSH connection a command costs one round trip, and round trips dominate a run: a no-op
 * task should cost one. So every {@code HostView} call is one exec (and its answer is cached until the
 * engine applies actions), and every {@code Action} compiles to one script run by one exec, with file
 * content on stdin. Scripts prefer shell builtins ({@code [ ]}, {@code printf}, {@code exec}) to extra
 * processes.
 *
 * <h2>Formats</h2>
 *
 * <ul>
 *   <li>File attributes come from {@code find -printf} as seven NUL-terminated fields: type letter,
 *       octal mode (with setuid/setgid/sticky), owner, group (names, or numbers when the host has no
 *       name), size, link target, path below the starting point. NUL is the one byte a path cannot
 *       hold, so any name parses exactly. find rather than stat: it prints a link's target raw
 *       ({@code stat %N} quotes it) and lists a whole tree in the same format.
 *   <li>{@code read} prints that record, then, when {@code [ -f ]} (which follows links) holds, a
 *       {@code c} mark and the bytes of the file as {@code cat} gives them; the mark tells an empty
 *       file from no content. Devices and FIFOs are never opened.
 *   <li>An action script is a list of steps each ending in {@code || exit N}, N from 70 on: the exit
 *       status names the failed step, and the reason comes from the last line of stderr (run under
 *       {@code LC_ALL=C}), giving one sentence such as "cannot write /etc/x: Permission denied".
 *       A successful script prints nothing, or (a write) the records below.
 * </ul>
 *
 * <h2>Quoting</h2>
 *
 * Every value in a command passes through {@link runbook.spi.Shell#quote}; paths handed to find
 * start with {@code ./} when relative and every other command takes {@code --}, so no value is read
 * as an option. A command's argv runs through {@code exec}, so its first word is never a keyword or
 * an assignment.
 *
 * <h2>Writing files</h2>
 *
 * Content goes to {@code .NAME.runbook-tmp.XXXXXX} beside the destination (same filesystem), its
 * length is checked (a connection lost mid-transfer ends stdin early and cat would write the half it
 * got), owner, group and mode are set on it (the old file's when not given, the umask's for a new
 * file), then {@code mv -fT} renames it into place: the destination is always the old file or the
 * whole new one. A trap removes the temp file on failure. A write that is killed outright (SIGKILL
 * to the process group) leaves it behind; the next write of the same file removes it, printing
 * its name, when it is a regular file of exactly that name, owned by the writing user and untouched
 * for ten minutes. A write prints NUL-ended records: {@code r} and a removed leftover's name,
 * {@code b} and the backup's name.
 */
package runbook.host;
