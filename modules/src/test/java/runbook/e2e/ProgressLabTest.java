package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import runbook.connect.ConnectOptions;
import runbook.connect.Connections;
import runbook.lab.Lab;
import runbook.lab.LabExtension;
import runbook.spi.Shell;

/**
 * The progress line of an apt install and of a synchronize, in a runbook process of its own: on a
 * pseudo-terminal ({@code script}) it is drawn in place; with the output in a file nothing of it
 * is there. The runbook undoes its own work at its end, so the two runs do the same.
 */
@ExtendWith(LabExtension.class)
class ProgressLabTest {
  private static final String CLEAR = "\r\033[K";
  private static final int FILES = 120;
  private static final String DEST = "/tmp/runbook-progress";

  @TempDir Path dir;
  private Lab lab;
  private Lab.LabHost host;

  @AfterEach
  void restore() {
    if (host != null) {
      try (Connections connections = new Connections(ConnectOptions.defaults())) {
        connections.forHost(host.name(), lab.connectionVars(host, "root"))
            .exec("apt-get -y purge chrony >/dev/null 2>&1; rm -rf /usr/sbin/policy-rc.d " + DEST, null);
      }
    }
  }

  @Test
  void anInstallAndASyncShowTheirProgressOnATerminalOnly(Lab lab) throws Exception {
    this.lab = lab;
    host = lab.hosts().get(lab.hosts().size() - 1);
    restore();
    Path tree = Files.createDirectories(dir.resolve("tree"));
    byte[] content = new byte[64 * 1024];
    for (int i = 0; i < FILES; i++) {
      Files.write(tree.resolve("file-" + i), content);
    }
    Path book = Files.writeString(dir.resolve("progress.yml"), """
        - hosts: all
          gather_facts: false
          tasks:
            - name: Install chrony
              apt: {name: chrony, install_recommends: false, policy_rc_d: 101}
            - name: Send the tree
              synchronize: {src: %s/, dest: %s, compress: false}
            - name: Take them back
              apt: {name: chrony, state: absent, purge: true}
            - file: {path: %s, state: absent}
        """.formatted(tree, DEST, DEST));

    String shown = run(book, true);
    assertTrue(Pattern.compile(Pattern.quote(CLEAR + "[Install chrony] " + host.name() + ": ") + "(\\d+ fetched )?\\d+/1 unpacked \\d+/1 set up, \\d+s")
        .matcher(shown).find(), "the install's progress on the terminal:\n" + visible(shown));
    assertTrue(Pattern.compile(Pattern.quote(CLEAR + "[Send the tree] " + host.name() + ": ") + "\\d+/" + FILES + " files [0-9.]+ [KM]?i?B/7.5 MiB")
        .matcher(shown).find(), "the sync's progress on the terminal:\n" + visible(shown));
    assertTrue(Pattern.compile(Pattern.quote(CLEAR + "[Take them back] " + host.name() + ": ") + "0/1 removed")
        .matcher(shown).find(), "the removal's progress on the terminal:\n" + visible(shown));
    assertTrue(shown.contains("changed=4"), visible(shown));

    String logged = run(book, false);
    assertTrue(logged.contains("changed=4"), logged);
    assertFalse(logged.contains("\r") || logged.contains("\033"), "no progress in a file:\n" + visible(logged));
    assertEquals(lines(shown), lines(logged), "on a terminal the same lines, once the progress is taken out");
  }

  /** runbook apply on the last lab host, on a pseudo-terminal or into a file: what it printed. */
  private String run(Path book, boolean terminal) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
        "runbook.cli.Main", "apply", "-l", host.name(), lab.inventory().toString(), book.toString()));
    if (terminal) {
      command = List.of("script", "-qec", command.stream().map(Shell::quote).collect(Collectors.joining(" ")), "/dev/null");
    }
    Path out = dir.resolve(terminal ? "terminal.txt" : "file.txt");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the run ended");
    String text = Files.readString(out);
    assertEquals(0, p.exitValue(), visible(text));
    return text;
  }

  /** The console's lines: the progress line cleared away, the terminal's CRLF as LF, timings out. */
  private static List<String> lines(String output) {
    String console = output.replace("\r\n", "\n").replaceAll("\r\033\\[K[^\r\n]*(?=\r\033\\[K)", "").replace(CLEAR, "");
    return console.replaceAll("[0-9.]+ ?m?s\\b", "T").lines().toList();
  }

  private static String visible(String text) {
    return text.replace("\033", "^[").replace("\r", "^M");
  }
}
