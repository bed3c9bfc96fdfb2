package runbook.modules.facts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Ansible's pkg_mgr: the last of its known package managers that exists, then the family's own. */
final class PackageManagers {
  /** Ansible's list, in its order: a later one found wins. */
  private static final Map<String, String> BY_PATH = new LinkedHashMap<>();

  static {
    String[][] known = {
      {"/usr/bin/rpm-ostree", "atomic_container"}, {"/usr/bin/yum", "yum"}, {"/usr/bin/dnf", "dnf"},
      {"/usr/bin/apt-get", "apt"}, {"/usr/bin/zypper", "zypper"}, {"/usr/sbin/urpmi", "urpmi"},
      {"/usr/bin/pacman", "pacman"}, {"/bin/opkg", "opkg"}, {"/usr/pkg/bin/pkgin", "pkgin"},
      {"/opt/local/bin/pkgin", "pkgin"}, {"/opt/tools/bin/pkgin", "pkgin"}, {"/opt/local/bin/port", "macports"},
      {"/usr/local/bin/brew", "homebrew"}, {"/opt/homebrew/bin/brew", "homebrew"}, {"/sbin/apk", "apk"},
      {"/usr/sbin/pkg", "pkgng"}, {"/usr/sbin/swlist", "swdepot"}, {"/usr/bin/emerge", "portage"},
      {"/usr/sbin/pkgadd", "svr4pkg"}, {"/usr/bin/pkg", "pkg5"}, {"/usr/bin/xbps-install", "xbps"},
      {"/usr/local/sbin/pkg", "pkgng"}, {"/usr/bin/swupd", "swupd"}, {"/usr/sbin/sorcery", "sorcery"},
      {"/usr/bin/installp", "installp"},
    };
    for (String[] k : known) {
      BY_PATH.put(k[0], k[1]);
    }
  }

  static final List<String> PATHS = List.copyOf(BY_PATH.keySet());

  private PackageManagers() {}

  /**
   * @param existing the paths of {@link #PATHS} that exist on the host
   * @param osFamily the host's os_family, or null
   */
  static String of(List<String> existing, String osFamily, String distribution, String majorVersion) {
    String name = "unknown";
    for (String path : PATHS) {
      if (existing.contains(path)) {
        name = BY_PATH.get(path);
      }
    }
    if ("Debian".equals(osFamily)) {
      // yum or zypper installed on Debian does not make them its package manager
      return "apt";
    }
    if ("RedHat".equals(osFamily) && ("Fedora".equals(distribution) || "Amazon".equals(distribution))) {
      int threshold = "Fedora".equals(distribution) ? 23 : 2022;
      boolean old = majorVersion != null && majorVersion.matches("\\d+") && Integer.parseInt(majorVersion) < threshold;
      String wanted = old ? "yum" : "dnf";
      return existing.stream().anyMatch(p -> wanted.equals(BY_PATH.get(p))) ? wanted : name;
    }
    return name;
  }
}
