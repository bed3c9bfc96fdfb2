package runbook.modules.mysql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.Command;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * community.mysql's mysql_db. present and absent are planned from information_schema.SCHEMATA,
 * character set and collation included; dump and import can only be known by running them.
 */
public final class MysqlDbModule extends MysqlModule {
  private static final ModuleSpec SPEC = ModuleSpec.of("mysql_db", Login.args(
      ArgSpec.list("name").required().alias("db"),
      ArgSpec.str("state").choices("present", "absent", "dump", "import").defaultsTo("present"),
      ArgSpec.str("encoding").defaultsTo(""),
      ArgSpec.str("collation").defaultsTo(""),
      ArgSpec.str("target"),
      ArgSpec.bool("single_transaction").defaultsTo(false),
      ArgSpec.bool("quick").defaultsTo(true),
      ArgSpec.list("ignore_tables"),
      ArgSpec.bool("hex_blob").defaultsTo(false),
      ArgSpec.bool("force").defaultsTo(false),
      ArgSpec.integer("master_data").defaultsTo(0),
      ArgSpec.bool("skip_lock_tables").defaultsTo(false),
      ArgSpec.str("dump_extra_args"),
      ArgSpec.bool("check_implicit_admin").defaultsTo(false),
      ArgSpec.str("chdir"),
      ArgSpec.bool("pipefail").defaultsTo(true),
      ArgSpec.bool("sql_log_bin").defaultsTo(true)))
      .describedAs("Creates, drops, dumps or imports a MySQL/MariaDB database.");

  public MysqlDbModule() {
    super(SPEC);
  }

  @Override
  Plan decide(ModuleCall call) {
    Args args = call.args();
    List<String> names = args.list("name").stream().map(n -> String.valueOf(n).strip()).toList();
    String state = args.str("state");
    Map<String, Object> data = new LinkedHashMap<>(Map.of("db", String.join(" ", names), "db_list", names));
    if (names.isEmpty()) {
      return Plan.unchanged("no database named", data);
    }
    boolean all = names.equals(List.of("all"));
    boolean transfer = state.equals("dump") || state.equals("import");
    if (transfer && !args.has("target")) {
      return Plan.failed("with state=" + state + " target is required");
    }
    if (!transfer && all) {
      return Plan.failed("name is not allowed to equal 'all' unless state equals import, or dump.");
    }
    if (state.equals("import") && names.size() > 1) {
      return Plan.failed("Multiple databases are not supported with state=import");
    }
    int masterData = args.integer("master_data");
    if (masterData < 0 || masterData > 2) {
      return Plan.failed("master_data must be 0, 1 or 2, not " + masterData);
    }
    if (args.list("ignore_tables").stream().anyMatch(t -> String.valueOf(t).isEmpty())) {
      return Plan.failed("Name of ignored table cannot be empty");
    }
    Session.Opened opened = Session.open(call, state + " database " + String.join(", ", names));
    if (opened.session() == null) {
      return opened.instead();
    }
    Session session = opened.session();
    Map<String, Schema> existing = new LinkedHashMap<>();
    if (!all) {
      Session.Answer answer = session.query(
          "SELECT SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN ("
              + names.stream().map(Sql::literal).collect(Collectors.joining(", ")) + ");\n");
      if (answer.failed()) {
        return Plan.failed("cannot read the databases: " + answer.error(), data);
      }
      answer.rows(0).forEach(r -> existing.put(r.get("SCHEMA_NAME"),
          new Schema(r.get("DEFAULT_CHARACTER_SET_NAME"), r.get("DEFAULT_COLLATION_NAME"))));
    }
    List<String> missing = names.stream().filter(n -> !existing.containsKey(n)).toList();
    return switch (state) {
      case "present" -> present(session, names, existing, data);
      case "absent" -> absent(session, existing, data);
      case "dump" -> dump(session, names, missing, data);
      default -> importFile(session, names.get(0), all || missing.isEmpty(), data);
    };
  }

  /** A database's defaults as information_schema reports them. */
  private record Schema(String encoding, String collation) {}

  private static Plan present(Session session, List<String> names, Map<String, Schema> existing, Map<String, Object> data) {
    Args args = session.call().args();
    String encoding = args.str("encoding");
    String collation = args.str("collation");
    String defaults = defaults(args);
    List<String> statements = new ArrayList<>();
    List<String> said = new ArrayList<>();
    for (String name : names) {
      Schema now = existing.get(name);
      if (now == null) {
        statements.add("CREATE DATABASE " + Sql.identifier(name) + defaults);
        said.add("create database " + name);
      } else if (differs(encoding, now.encoding()) || differs(collation, now.collation())) {
        statements.add("ALTER DATABASE " + Sql.identifier(name) + defaults);
        said.add("alter database " + name + " (" + now.encoding() + ", " + now.collation() + " -> "
            + (encoding.isEmpty() ? "" : encoding) + (encoding.isEmpty() || collation.isEmpty() ? "" : ", ") + collation + ")");
      }
    }
    if (statements.isEmpty()) {
      return Plan.unchanged((names.size() == 1 ? "database " : "databases ") + String.join(", ", names) + (names.size() == 1 ? " exists" : " exist")
          + (encoding.isEmpty() && collation.isEmpty() ? "" : " with those defaults"), data);
    }
    return change(session, said, statements, data);
  }

  /** CREATE/ALTER DATABASE's CHARACTER SET and COLLATE, from encoding and collation. */
  private static String defaults(Args args) {
    return (args.str("encoding").isEmpty() ? "" : " CHARACTER SET " + Sql.literal(args.str("encoding")))
        + (args.str("collation").isEmpty() ? "" : " COLLATE " + Sql.literal(args.str("collation")));
  }

  /**
   * Whether a wanted character set or collation differs from the server's: names compare without
   * case, and "utf8" is the "utf8mb3" that MariaDB 10.6 and MySQL 8.0.30 report for it.
   */
  private static boolean differs(String wanted, String actual) {
    return !wanted.isEmpty() && !canonical(wanted).equals(canonical(actual));
  }

  private static String canonical(String name) {
    return name.toLowerCase(Locale.ROOT).replaceFirst("^utf8(?=$|_)", "utf8mb3");
  }

  private static Plan absent(Session session, Map<String, Schema> existing, Map<String, Object> data) {
    if (existing.isEmpty()) {
      return Plan.unchanged("no such database", data);
    }
    List<String> statements = existing.keySet().stream().map(n -> "DROP DATABASE " + Sql.identifier(n)).toList();
    return change(session, existing.keySet().stream().map(n -> "drop database " + n).toList(), statements, data);
  }

  private static Plan change(Session session, List<String> said, List<String> statements, Map<String, Object> data) {
    String sql = (session.call().args().bool("sql_log_bin") ? "" : "SET SQL_LOG_BIN=0;\n")
        + statements.stream().map(s -> s + ";\n").collect(Collectors.joining());
    data.put("executed_commands", statements);
    return Plan.change(String.join(", ", said), List.of(new Action.Run(session.change(sql))), List.of()).withData(data);
  }

  private static Plan dump(Session session, List<String> names, List<String> missing, Map<String, Object> data) {
    Args args = session.call().args();
    if (!missing.isEmpty() && !names.equals(List.of("all"))) {
      return Plan.failed("Cannot dump database(s) '" + String.join(", ", missing) + "' - not found", data);
    }
    List<String> options = Dump.options(args, session.server(), names);
    if (options == null) {
      return Plan.failed("dump_extra_args has an unclosed quotation: " + args.str("dump_extra_args"), data);
    }
    String target = args.str("target");
    data.put("executed_commands", List.of("mysqldump " + String.join(" ", options) + " > " + target));
    Command command = Client.dump(session.login(), options, target).in(args.str("chdir"));
    return Plan.unpredictable("dump " + String.join(", ", names) + " to " + target
        + " (what a dump holds is known only when it runs)", List.of(new Action.Run(command))).withData(data);
  }

  private static Plan importFile(Session session, String name, boolean exists, Map<String, Object> data) {
    Args args = session.call().args();
    String target = args.str("target");
    String path = target.startsWith("/") || !args.has("chdir") ? target : args.str("chdir") + "/" + target;
    boolean there = session.call().host().stat(path).exists();
    if (!there && !session.call().checkMode()) {
      return Plan.failed("target " + target + " does not exist on the host", data);
    }
    List<Action> actions = new ArrayList<>();
    if (!exists) {
      actions.add(new Action.Run(session.change("CREATE DATABASE IF NOT EXISTS " + Sql.identifier(name) + defaults(args) + ";\n")));
    }
    List<String> options = Dump.importOptions(args, name);
    actions.add(new Action.Run(Client.load(session.login(), options, target).in(args.str("chdir"))));
    data.put("executed_commands", List.of("mysql " + String.join(" ", options) + " < " + target));
    return Plan.unpredictable("import " + target + " into " + name + " (what an import changes is known only when it runs"
        + (there ? "" : "; " + target + " is not there yet, an earlier task of this run may make it") + ")", actions).withData(data);
  }
}
