package runbook.modules.system;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import runbook.spi.Command;
import runbook.spi.CommandResult;
import runbook.spi.ModuleFailure;
import runbook.spi.HostView;

/** The host's users and groups as getent answers (files, LDAP, whatever NSS has). */
final class Accounts {
  private Accounts() {}

  /** A user or group name shadow-utils accepts (and never an option: no leading '-'). */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.][A-Za-z0-9_.-]*\\$?");

  /** getent's status when the key is not in the database. */
  private static final int NOT_FOUND = 2;

  record Group(String name, int gid, List<String> members) {}

  record User(String name, int uid, int gid, String comment, String home, String shell) {}

  /** The group {@code nameOrGid} (a name, or a number), or null when there is none. */
  static Group group(HostView host, String nameOrGid) {
    String[] f = entry(host, "group", nameOrGid);
    return f == null ? null : new Group(f[0], Integer.parseInt(f[2]), members(f.length > 3 ? f[3] : ""));
  }

  static User user(HostView host, String name) {
    String[] f = entry(host, "passwd", name);
    return f == null ? null : new User(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[4], f[5], f[6]);
  }

  /** The password hash in the shadow database ("!" first when locked), or null when it cannot be read. */
  static String hash(HostView host, String name) {
    String[] f = entry(host, "shadow", name);
    return f == null ? null : f[1];
  }

  /** Every group that lists {@code user} as a member: its supplementary groups. */
  static List<Group> memberOf(HostView host, String user) {
    CommandResult r = host.state(Command.of("getent", "group"));
    if (!r.ok()) {
      throw new ModuleFailure("getent group failed: " + r.stderr().strip());
    }
    return r.stdout().lines().map(l -> l.split(":", -1)).filter(f -> f.length > 3 && members(f[3]).contains(user))
        .map(f -> new Group(f[0], Integer.parseInt(f[2]), members(f[3]))).toList();
  }

  private static String[] entry(HostView host, String database, String key) {
    CommandResult r = host.state(Command.of("getent", database, key));
    if (r.rc() == NOT_FOUND) {
      return null;
    }
    if (!r.ok()) {
      throw new ModuleFailure("getent " + database + " " + key + " failed: " + r.stderr().strip());
    }
    return r.stdout().strip().split(":", -1);
  }

  private static List<String> members(String list) {
    return list.isEmpty() ? List.of() : Arrays.asList(list.split(","));
  }
}
