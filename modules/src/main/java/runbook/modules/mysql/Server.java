package runbook.modules.mysql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a server is, from SELECT VERSION(), asked once per task: MariaDB or MySQL, and which
 * version, since the two flavours and their versions spell replication and accounts differently.
 */
record Server(boolean mariadb, int major, int minor, int patch, String version) {
  private static final Pattern NUMBERS = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)");

  static Server of(String version) {
    Matcher m = NUMBERS.matcher(version);
    boolean maria = version.toLowerCase(java.util.Locale.ROOT).contains("mariadb");
    if (!m.find()) {
      return new Server(maria, 0, 0, 0, version);
    }
    return new Server(maria, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), version);
  }

  boolean atLeast(int wantMajor, int wantMinor, int wantPatch) {
    return major != wantMajor ? major > wantMajor : minor != wantMinor ? minor > wantMinor : patch >= wantPatch;
  }

  /** SHOW REPLICA STATUS, START REPLICA: MySQL 8.0.22 and MariaDB 10.5.1 on; SLAVE before. */
  String replicaWord() {
    return (mariadb ? atLeast(10, 5, 1) : atLeast(8, 0, 22)) ? "REPLICA" : "SLAVE";
  }

  /** MySQL 8.0.23 on says CHANGE REPLICATION SOURCE TO SOURCE_HOST=...; MariaDB keeps CHANGE MASTER TO MASTER_HOST=... */
  boolean sourceWords() {
    return !mariadb && atLeast(8, 0, 23);
  }

  /** MySQL 8.2 renamed SHOW MASTER STATUS and mysqldump's --master-data. */
  boolean binaryLogWords() {
    return !mariadb && atLeast(8, 2, 0);
  }
}
