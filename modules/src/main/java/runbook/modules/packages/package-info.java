/**
 * Packages: Ansible's {@code apt}, and {@code package}, which picks apt from the host's
 * {@code pkg_mgr} fact.
 *
 * <h2>Decided by apt itself</h2>
 *
 * One {@code dpkg-query -W} reads every named package's status and version; a package that is
 * installed at a version its spec allows ({@code sudo}, {@code rsync=3.2*}) is settled there. For
 * the rest, apt's own simulation ({@code apt-get -s}, a read-only probe that really runs in check
 * mode too) tells what would change: its {@code Inst}, {@code Remv} and {@code Purg} lines. No such
 * line, no change, so a pinned or wildcard version that is satisfied is never reported as changed
 * (Ansible reports it on every run). The apply runs the very argument list it simulated, without
 * {@code -s}.
 *
 * <h2>Nothing hidden</h2>
 *
 * Every command runs with {@code DEBIAN_FRONTEND=noninteractive} and the C locale, waits for a held
 * dpkg lock up to {@code lock_timeout} ({@code -o DPkg::Lock::Timeout}, which apt 2.6 honours for the
 * dpkg locks but not for {@code apt-get update}'s lists lock, hence a retry loop there). No
 * {@code apt-mark manual} behind the user's back: a package that came in as a dependency stays
 * marked automatic.
 */
package runbook.modules.packages;
