package runbook.modules.mysql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
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
 * are left alone, and only the databases holding a table that differs are copied (whole, so that a
 * table gone from the source goes too); with master_data, everything named is copied, since
 * replication starts from one snapshot of all of it.
 */
public final class MysqlCopyModule extends MysqlModule {
  /** The options of the migration write-up's pipe, besides --all-databases (name: all). */
  static final String WRITE_UP = "--opt --complete-insert --compress --quote-names";
  /** Schemas of the server itself, never compared (they differ between any two servers). */
  private static final List<String> SYSTEM = List.of("information_schema", "performance_schema", "mysql", "sys");

  private static final ModuleSpec SPEC = ModuleSpec.of("mysql_copy", Login.args(
      ArgSpec.str("from").required(),
      ArgSpec.list("name").alias("db").defaultsTo(List.of("all")),
      ArgSpec.str("dump_extra_args").defaultsTo(WRITE_UP),
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
      ArgSpec.str("source_config_file").defaultsTo("~/.my.cnf")));

  public MysqlCopyModule() {
    super(SPEC, true);
  }

  /** One server's tables in scope, "db.table" to "checksum rows" and to its database, and its version; or its client's error. */
  record Tables(Map<String, String> sums, Map<String, String> dbs, Server server, String error) {}

  @Override
  Plan decide(ModuleCall call) {
    Args args = call.args();
    String from = args.str("from");
    List<String> names = args.list("name").stream().map(n -> String.valueOf(n).strip()).toList();
    Login source = Login.of(args, "source_");
    Tables there = tables(call.host(from), source, names);
    if (there.error() != null) {
      return Plan.failed("cannot read the databases on " + from + ": " + there.error());
    }
    Tables here = tables(call.host(), Login.of(args), names);
    if (here.error() != null) {
      return Plan.failed("cannot read the databases here: " + here.error());
    }
    var differ = new TreeSet<String>();
    for (String table : union(there.sums(), here.sums())) {
      if (!java.util.Objects.equals(there.sums().get(table), here.sums().get(table))) {
        differ.add(table);
      }
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("tables", List.copyOf(differ));
    if (differ.isEmpty()) {
      return Plan.unchanged(there.sums().size() + " tables match on " + from + " and here", data);
    }
    var changed = differ.stream().map(t -> there.dbs().getOrDefault(t, here.dbs().get(t))).collect(Collectors.toSet());
    List<String> databases = args.integer("master_data") != 0 ? names
        : names.equals(List.of("all")) ? new TreeSet<>(changed).stream().toList()
        : names.stream().filter(changed::contains).toList();
    List<String> options = Dump.options(args, there.server(), databases);
    if (options == null) {
      return Plan.failed("dump_extra_args has an unclosed quote");
    }
    if (databases.size() == 1 && !databases.equals(List.of("all"))) {
      options = new ArrayList<>(options);
      options.add(0, "--databases"); // so the dump says which database it fills
    }
    data.put("databases", databases);
    var pipe = new Action.Pipe(from, Client.dumpOut(source, options), null, Client.receive(Login.of(args), Dump.importOptions(args, "all")));
    return Plan.change("copy " + String.join(", ", databases) + " from " + from + " (differ: " + String.join(", ", differ) + ")",
        List.of(pipe), List.of()).withData(data);
  }

  private static TreeSet<String> union(Map<String, String> a, Map<String, String> b) {
    var all = new TreeSet<>(a.keySet());
    all.addAll(b.keySet());
    return all;
  }

  /** Two probes: the version and the base tables in scope, then each one's CHECKSUM TABLE and COUNT(*). */
  static Tables tables(HostView host, Login login, List<String> names) {
    String scope = names.equals(List.of("all"))
        ? "NOT IN (" + SYSTEM.stream().map(Sql::literal).collect(Collectors.joining(", ")) + ")"
        : "IN (" + names.stream().map(Sql::literal).collect(Collectors.joining(", ")) + ")";
    CommandResult listed = host.probe(Client.sql(login, null, "SELECT VERSION() AS version;\n"
        + "SELECT TABLE_SCHEMA AS db, TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA "
        + scope + " ORDER BY TABLE_SCHEMA, TABLE_NAME;\n"));
    if (!listed.ok()) {
      return new Tables(Map.of(), Map.of(), null, Session.error(listed));
    }
    var sets = Results.parse(listed.stdout());
    Server server = Server.of(sets.get(0).get(0).get("version"));
    List<Map<String, String>> rows = sets.size() > 1 ? sets.get(1) : List.of();
    if (rows.isEmpty()) {
      return new Tables(Map.of(), Map.of(), server, null);
    }
    List<String> quoted = rows.stream().map(r -> Sql.identifier(r.get("db")) + "." + Sql.identifier(r.get("t"))).toList();
    String counts = java.util.stream.IntStream.range(0, quoted.size())
        .mapToObj(i -> "SELECT " + i + " AS k, COUNT(*) AS n FROM " + quoted.get(i)).collect(Collectors.joining(" UNION ALL\n"));
    CommandResult summed = host.probe(Client.sql(login, null, "CHECKSUM TABLE " + String.join(", ", quoted) + ";\n" + counts + ";\n"));
    if (!summed.ok()) {
      return new Tables(Map.of(), Map.of(), server, Session.error(summed));
    }
    var answer = Results.parse(summed.stdout());
    var count = new TreeMap<Integer, String>();
    answer.get(1).forEach(r -> count.put(Integer.parseInt(r.get("k")), r.get("n")));
    var sums = new TreeMap<String, String>();
    var dbs = new TreeMap<String, String>();
    for (int i = 0; i < rows.size(); i++) {
      String key = rows.get(i).get("db") + "." + rows.get(i).get("t");
      sums.put(key, answer.get(0).get(i).get("Checksum") + " " + count.get(i));
      dbs.put(key, rows.get(i).get("db"));
    }
    return new Tables(sums, dbs, server, null);
  }
}
