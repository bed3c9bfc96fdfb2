package runbook.modules.mysql;

import java.util.ArrayList;
import java.util.List;
import runbook.spi.Args;
import runbook.spi.ShellWords;

/**
 * The client arguments of mysql_db's dump and import, built from the module's arguments in one
 * place, so that anything else that dumps or loads (a pipe from one host to another) builds them
 * the same way. The arguments are words for an argument list, never shell text.
 */
final class Dump {
  private Dump() {}

  /**
   * mysqldump's options and databases, as community.mysql passes them: {@code all} is
   * --all-databases, several names are --databases a b, one name is the name alone.
   *
   * @return the words, or null when dump_extra_args cannot be split (an unclosed quote)
   */
  static List<String> options(Args args, Server server, List<String> databases) {
    var words = new ArrayList<String>();
    if (args.bool("force")) {
      words.add("--force");
    }
    if (databases.equals(List.of("all"))) {
      words.add("--all-databases");
    } else if (databases.size() > 1) {
      words.add("--databases");
      words.addAll(databases);
    } else {
      words.addAll(databases);
    }
    if (args.bool("skip_lock_tables")) {
      words.add("--skip-lock-tables");
    }
    encoding(args, words);
    if (args.bool("single_transaction")) {
      words.add("--single-transaction=true");
    }
    if (args.bool("quick")) {
      words.add("--quick");
    }
    args.list("ignore_tables").forEach(t -> words.add("--ignore-table=" + t));
    if (args.bool("hex_blob")) {
      words.add("--hex-blob");
    }
    int masterData = args.has("master_data") ? args.integer("master_data") : 0;
    if (masterData != 0) {
      words.add((server.binaryLogWords() ? "--source-data=" : "--master-data=") + masterData);
    }
    if (args.has("dump_extra_args")) {
      var extra = ShellWords.split(args.str("dump_extra_args"));
      if (extra.isEmpty()) {
        return null;
      }
      words.addAll(extra.get());
    }
    return words;
  }

  /** The mysql client's options for an import: --one-database NAME unless all, --force, the encoding. */
  static List<String> importOptions(Args args, String database) {
    var words = new ArrayList<String>();
    if (args.bool("force")) {
      words.add("--force");
    }
    encoding(args, words);
    if (!database.equals("all")) {
      words.add("--one-database");
      words.add(database);
    }
    return words;
  }

  private static void encoding(Args args, List<String> words) {
    if (args.has("encoding") && !args.str("encoding").isEmpty()) {
      words.add("--default-character-set=" + args.str("encoding"));
    }
  }
}
