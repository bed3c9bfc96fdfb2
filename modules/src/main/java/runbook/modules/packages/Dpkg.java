package runbook.modules.packages;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import runbook.spi.Command;
import runbook.spi.CommandResult;

/**
 * What dpkg knows of some packages, from one {@code dpkg-query -W}: name, status abbreviation
 * ({@code ii} installed, {@code rc} only configuration files left, {@code un} known but not
 * installed) and version. A name dpkg has never seen is absent from the map.
 */
record Dpkg(Map<String, Entry> entries) {
  private static final String FORMAT = "-f=${Package}\\t${db:Status-Abbrev}\\t${Version}\\n";

  /** One package: {@code status} is the second letter of the abbreviation (i, c, n, U, H, F, W, t). */
  record Entry(String name, char status, String version) {
    /** Installed, possibly awaiting triggers: what Ansible counts as installed. */
    boolean installed() {
      return status == 'i' || status == 'W' || status == 't';
    }

    /** Anything on disk: installed, half installed, or its configuration files. */
    boolean hasFiles() {
      return status != 'n';
    }
  }

  Dpkg {
    entries = Map.copyOf(entries);
  }

  static Command query(List<String> names) {
    return Command.of(Stream.concat(Stream.of("dpkg-query", "-W", FORMAT, "--"), names.stream()).toList()).withEnv(AptGet.ENV);
  }

  /**
   * dpkg-query ends with 1 when some name is unknown, which is an answer; anything else (no dpkg)
   * is returned as null.
   */
  static Dpkg parse(CommandResult result) {
    if (result.rc() > 1) {
      return null;
    }
    Map<String, Entry> entries = new HashMap<>();
    for (String line : result.stdout().split("\n")) {
      String[] fields = line.split("\t", -1);
      if (fields.length == 3 && fields[1].length() >= 2) {
        // Multi-arch packages are listed as name:arch; the name alone is what runbooks give.
        String name = fields[0].replaceFirst(":.*", "");
        entries.put(name, new Entry(name, fields[1].charAt(1), fields[2]));
      }
    }
    return new Dpkg(entries);
  }

  Entry get(String name) {
    return entries.getOrDefault(name, new Entry(name, 'n', ""));
  }
}
