package runbook.modules.mysql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.CommandResult;
import runbook.spi.HostView;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * Ours: copies databases from the server on host {@code from} into the task's host, as one
 * {@code mysqldump | mysql} pipe through the controller. The task runs on the destination because
 * that is the host it changes (its "changed", its check mode, and the replication task that follows
 * on it). Both servers are read first: tables whose CHECKSUM TABLE and row count match on both sides
 * are left alone, and only the databases holding a table that differs are copied, each whole (its
 * tables dropped first, so that one gone from the source goes too). With master_data a replica is
 * being made: it starts from one snapshot of everything named, so all of it is copied, unless the
 * destination replicates already; the coordinates in the dump's header are registered.
 */
public final class MysqlCopyModule extends MysqlModule {
  /** The migration write-up's options, before any of dump_extra_args (which can undo them); --compress where a server is remote. */
  static final List<String> WRITE_UP = List.of("--opt", "--complete-insert", "--quote-names");
  /** Schemas of the server itself, never compared nor copied (they differ between any two servers: accounts, statistics). */
  private static final List<String> SYSTEM = List.of("information_schema", "performance_schema", "mysql", "sys");
  /** A database with no base table, as a key of its own, so that creating it is a difference too. */
  private static final String EMPTY = "(no tables)";
  /** The binary log coordinates in a dump's CHANGE MASTER TO (or MySQL 8.2's CHANGE REPLICATION SOURCE TO) line. */
  private static final Pattern FILE = Pattern.compile("(?:MASTER|SOURCE)_LOG_FILE='((?:[^'\\\\]|\\\\.)*)'");
  private static final Pattern POS = Pattern.compile("(?:MASTER|SOURCE)_LOG_POS=(\\d+)");

  private static final ModuleSpec SPEC = ModuleSpec.of("mysql_copy", Login.args(
      ArgSpec.str("from").required(),
      ArgSpec.list("name").alias("db").defaultsTo(List.of("all")),
      ArgSpec.str("dump_extra_args"),
      ArgSpec.bool("single_transaction").defaultsTo(false),
      ArgSpec.integer("master_data").defaultsTo(0),
      ArgSpec.bool("skip_lock_tables").defaultsTo(false),
      ArgSpec.bool("force").defaultsTo(false),
      ArgSpec.bool("hex_blob").defaultsTo(false),
      ArgSpec.bool("quick").defaultsTo(true),
      ArgSpec.list("ignore_tables"),
      ArgSpec.str("encoding").defaultsTo(""),
      ArgSpec.str("source_login_user"),
      ArgSpec.str("source_login_password"),
      ArgSpec.str("source_login_host").defaultsTo("localhost"),
      ArgSpec.integer("source_login_port").defaultsTo(3306),
      ArgSpec.str("source_login_unix_socket"),
      ArgSpec.str("source_config_file").defaultsTo("~/.my.cnf")))
      .describedAs("Copies MySQL/MariaDB databases from another host's server as one dump pipe, only those that differ.");

  public MysqlCopyModule() {
    super(SPEC, true);
  }

  /** One server's databases and tables in scope: "db.table" (or "db" with no tables) to "checksum rows", and its version; or its client's error. */
  record Tables(Map<String, String> sums, Server server, String error) {
    Set<String> databases() {
      return sums.keySet().stream().map(MysqlCopyModule::database).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  @Override
  Plan decide(ModuleCall call) {
    Args args = call.args();
    String from = args.str("from");
    List<String> names = args.list("name").stream().map(n -> String.valueOf(n).strip()).toList();
    boolean all = names.equals(List.of("all"));
    Login source = Login.of(args, "source_");
    Login here = Login.of(args);
    Tables there = tables(call.host(from), source, all ? null : names);
    if (there.error() != null) {
      return Plan.failed("cannot read the databases on " + from + ": " + there.error());
    }
    List<String> scope = all ? List.copyOf(there.databases()) : names;
    if (scope.isEmpty()) {
      return Plan.unchanged("no databases to copy on " + from, Map.of("tables", List.of()));
    }
    List<String> missing = scope.stream().filter(n -> !there.databases().contains(n)).toList();
    if (!missing.isEmpty()) {
      return Plan.failed("no database " + String.join(", ", missing) + " on " + from);
    }
    Tables mine = tables(call.host(), here, scope);
    if (mine.error() != null) {
      List<String> earlier = call.checkMode() ? Session.pendingServer(call) : List.of();
      return earlier.isEmpty() ? Plan.failed("cannot read the databases here: " + mine.error())
          : Plan.change("copy " + String.join(", ", scope) + " from " + from, List.of(), List.of()).dependingOn(earlier.get(0));
    }
    var differ = new TreeSet<String>();
    var keys = new TreeSet<>(there.sums().keySet());
    keys.addAll(mine.sums().keySet());
    for (String key : keys) {
      if (!Objects.equals(there.sums().get(key), mine.sums().get(key))) {
        differ.add(key);
      }
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("tables", List.copyOf(differ));
    int masterData = args.integer("master_data");
    if (masterData < 0 || masterData > 2) {
      return Plan.failed("master_data must be 0, 1 or 2, not " + masterData);
    }
    if (masterData != 0) {
      Plan replica = replicating(call, here, mine.server(), data);
      if (replica != null) {
        return replica;
      }
    } else if (differ.isEmpty()) {
      return Plan.unchanged(there.sums().size() + " tables match on " + from + " and here", data);
    }
    Set<String> changed = differ.stream().map(MysqlCopyModule::database).collect(Collectors.toSet());
    List<String> databases = masterData != 0 ? scope : scope.stream().filter(changed::contains).toList();
    List<String> options = dumpOptions(args, source, there.server(), databases);
    if (options == null) {
      return Plan.failed("dump_extra_args has an unclosed quote");
    }
    if (masterData != 0) {
      String coordinates = coordinates(call.host(from), source, there.server(), data);
      if (coordinates != null) {
        return Plan.failed(coordinates);
      }
    }
    data.put("databases", databases);
    List<String> load = new ArrayList<>(Dump.importOptions(args, "all"));
    if (remote(here)) {
      load.add("--compress");
    }
    var pipe = new Action.Pipe(from, Client.dumpOut(source, options), null, Client.receive(here, load, masterData != 0));
    String why = differ.isEmpty() ? "a replica starts from one snapshot" : "differ: " + String.join(", ", differ);
    Plan.Change copy = Plan.change("copy " + String.join(", ", databases) + " from " + from + " (" + why + ")", List.of(pipe), List.of())
        .withData(data);
    copy = copy.touching(Session.LOADED);
    return masterData == 1 ? copy.touching(MysqlReplicationModule.TOPIC) : copy;
  }

  /** The header's coordinates, read back from what the receiving end printed, in place of the ones foreseen from the source's status. */
  @Override
  public Map<String, Object> performed(Map<String, Object> values) {
    if (!values.containsKey("primary_log_file")) {
      return values;
    }
    var out = new LinkedHashMap<>(values);
    out.remove("primary_log_file");
    out.remove("primary_log_pos");
    String printed = String.valueOf(values.get("stdout"));
    Matcher file = FILE.matcher(printed);
    Matcher pos = POS.matcher(printed);
    if (file.find() && pos.find()) {
      out.put("primary_log_file", file.group(1).replaceAll("\\\\(.)", "$1"));
      out.put("primary_log_pos", Long.parseLong(pos.group(1)));
    }
    return out;
  }

  /** mysqldump's words: the write-up's first, every database copied whole (--databases, dropped and made again), then mysql_db's. */
  private static List<String> dumpOptions(Args args, Login source, Server server, List<String> databases) {
    List<String> options = Dump.options(args, server, List.of("all"));
    if (options == null) {
      return null;
    }
    var words = new ArrayList<>(WRITE_UP);
    if (remote(source)) {
      words.add("--compress"); // it compresses the client's connection to its server: for a server elsewhere only
    }
    words.add("--add-drop-database");
    for (String option : options) {
      if (option.equals("--all-databases")) {
        words.add("--databases");
        words.addAll(databases);
      } else {
        words.add(option);
      }
    }
    return words;
  }

  private static boolean remote(Login login) {
    return login.socket() == null && !List.of("localhost", "127.0.0.1", "::1").contains(login.host());
  }

  /**
   * With master_data: null when a copy is to be made; else "no change", the server being a replica
   * whose SQL thread runs, with where it is as the coordinates (so that a changeprimary given them
   * sees them reached).
   */
  private static Plan replicating(ModuleCall call, Login here, Server server, Map<String, Object> data) {
    if (server == null) {
      return null;
    }
    CommandResult r = call.host().probe(Client.sql(here, null, "SHOW " + server.replicaWord() + " STATUS;\n"));
    if (!r.ok()) {
      return Plan.failed("cannot read the replica's status here: " + Session.error(r));
    }
    var rows = Results.parse(r.stdout()).get(0);
    Map<String, String> status = rows.isEmpty() ? Map.of() : rows.get(0);
    if (!"Yes".equals(status.getOrDefault("Slave_SQL_Running", status.get("Replica_SQL_Running")))) {
      return null;
    }
    String prefix = status.containsKey("Source_Host") ? "Source" : "Master";
    data.put("primary_log_file", status.get("Relay_" + prefix + "_Log_File"));
    data.put("primary_log_pos", Long.parseLong(status.get("Exec_" + prefix + "_Log_Pos")));
    return Plan.unchanged("a running replica of " + status.get(prefix + "_Host") + ": replication keeps it up to date", data);
  }

  /**
   * The source's binary log position now, registered in a check run as what the dump would record
   * if taken now; an apply registers the dump's own. Null, or why there is none.
   */
  private static String coordinates(HostView host, Login source, Server server, Map<String, Object> data) {
    CommandResult r = host.probe(Client.sql(source, null, server.binaryLogWords() ? "SHOW BINARY LOG STATUS;\n" : "SHOW MASTER STATUS;\n"));
    if (!r.ok()) {
      return "cannot read the binary log position of the source: " + Session.error(r);
    }
    var rows = Results.parse(r.stdout()).get(0);
    if (rows.isEmpty()) {
      return "master_data needs binary logging on the source (log_bin), and it is off";
    }
    data.put("primary_log_file", rows.get(0).get("File"));
    data.put("primary_log_pos", Long.parseLong(rows.get(0).get("Position")));
    return null;
  }

  private static String database(String key) {
    int dot = key.indexOf('.');
    return dot < 0 ? key : key.substring(0, dot);
  }

  /**
   * Two probes: the version and every database in scope with its base tables (null scope: all but
   * the server's own), then each table's CHECKSUM TABLE and COUNT(*). In a check run they rest on
   * an earlier simulated copy into that server (a chain of copies, or a second copy of one).
   */
  static Tables tables(HostView host, Login login, List<String> scope) {
    host.readsAfter(Session.LOADED);
    String where = scope == null
        ? "NOT IN (" + SYSTEM.stream().map(Sql::literal).collect(Collectors.joining(", ")) + ")"
        : "IN (" + scope.stream().map(Sql::literal).collect(Collectors.joining(", ")) + ")";
    CommandResult listed = host.probe(Client.sql(login, null, "SELECT VERSION() AS version;\n"
        + "SELECT s.SCHEMA_NAME AS db, t.TABLE_NAME AS t FROM information_schema.SCHEMATA s LEFT JOIN information_schema.TABLES t"
        + " ON t.TABLE_SCHEMA = s.SCHEMA_NAME AND t.TABLE_TYPE = 'BASE TABLE' WHERE s.SCHEMA_NAME " + where + " ORDER BY 1, 2;\n"));
    if (!listed.ok()) {
      return new Tables(Map.of(), null, Session.error(listed));
    }
    var sets = Results.parse(listed.stdout());
    Server server = Server.of(sets.get(0).get(0).get("version"));
    var sums = new TreeMap<String, String>();
    var tables = new ArrayList<Map<String, String>>();
    for (Map<String, String> row : sets.size() > 1 ? sets.get(1) : List.<Map<String, String>>of()) {
      if (row.get("t") == null) {
        sums.put(row.get("db"), EMPTY);
      } else {
        tables.add(row);
      }
    }
    if (tables.isEmpty()) {
      return new Tables(sums, server, null);
    }
    List<String> quoted = tables.stream().map(r -> Sql.identifier(r.get("db")) + "." + Sql.identifier(r.get("t"))).toList();
    String counts = IntStream.range(0, quoted.size())
        .mapToObj(i -> "SELECT " + i + " AS k, COUNT(*) AS n FROM " + quoted.get(i)).collect(Collectors.joining(" UNION ALL\n"));
    CommandResult summed = host.probe(Client.sql(login, null, "CHECKSUM TABLE " + String.join(", ", quoted) + ";\n" + counts + ";\n"));
    if (!summed.ok()) {
      return new Tables(Map.of(), server, Session.error(summed));
    }
    var answer = Results.parse(summed.stdout());
    var count = new TreeMap<Integer, String>();
    answer.get(1).forEach(r -> count.put(Integer.parseInt(r.get("k")), r.get("n")));
    for (int i = 0; i < tables.size(); i++) {
      sums.put(tables.get(i).get("db") + "." + tables.get(i).get("t"), answer.get(0).get(i).get("Checksum") + " " + count.get(i));
    }
    return new Tables(sums, server, null);
  }
}
