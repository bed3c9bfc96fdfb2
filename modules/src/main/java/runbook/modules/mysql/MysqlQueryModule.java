package runbook.modules.mysql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * community.mysql's mysql_query. Queries that only read (SELECT, SHOW, EXPLAIN, DESCRIBE, each one
 * statement and no INTO) run while planning, in check mode too, and register query_result as
 * community.mysql shapes it; any other query can only be known by running it.
 */
public final class MysqlQueryModule extends MysqlModule {
  private static final ModuleSpec SPEC = ModuleSpec.of("mysql_query", Login.args(
      ArgSpec.raw("query").required(),
      ArgSpec.list("positional_args"),
      ArgSpec.dict("named_args"),
      ArgSpec.str("login_db"),
      ArgSpec.bool("single_transaction").defaultsTo(false)))
      .describedAs("Runs SQL queries on a MySQL/MariaDB server and registers the rows.");

  private static final Pattern READ = Pattern.compile("(?is)\\s*(SELECT|SHOW|EXPLAIN|DESCRIBE|DESC)\\b.*");
  private static final Pattern INTO = Pattern.compile("(?i)\\bINTO\\b");

  public MysqlQueryModule() {
    super(SPEC);
  }

  @Override
  Plan decide(ModuleCall call) {
    Args args = call.args();
    Object query = args.raw("query");
    List<String> queries = query instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(query));
    if (args.has("positional_args") && args.has("named_args")) {
      return Plan.failed("parameters are mutually exclusive: positional_args|named_args");
    }
    List<String> sql = new ArrayList<>();
    for (String q : queries) {
      Sql.Formatted f = Sql.format(q, args.list("positional_args"), args.dict("named_args"));
      if (f.problem() != null) {
        return Plan.failed(f.problem());
      }
      sql.add(f.sql());
    }
    boolean reads = sql.stream().allMatch(MysqlQueryModule::reads);
    Session.Opened opened = Session.open(call, "run " + sql.size() + (sql.size() == 1 ? " query" : " queries"));
    if (opened.session() == null) {
      return reads ? opened.insteadOfReading() : opened.instead();
    }
    Session session = opened.session();
    String db = args.str("login_db");
    var data = new LinkedHashMap<String, Object>(Map.of("executed_queries", sql));
    if (reads) {
      Session.Answer answer = session.query(db, sql.stream().map(q -> strip(q) + ";\n").collect(Collectors.joining()));
      if (answer.failed()) {
        return Plan.failed("Cannot execute SQL: " + answer.error(), data);
      }
      data.put("query_result", answer.sets());
      data.put("rowcount", answer.sets().stream().map(List::size).toList());
      return Plan.unchanged("the " + (sql.size() == 1 ? "query only reads" : "queries only read"), data);
    }
    String text = sql.stream().map(q -> strip(q) + ";\n").collect(Collectors.joining());
    if (args.bool("single_transaction")) {
      text = "START TRANSACTION;\n" + text + "COMMIT;\n";
    }
    return Plan.unpredictable("run " + (sql.size() == 1 ? "a query that writes" : sql.size() + " queries, some of which write"),
        List.of(new Action.Run(session.change(db, text)))).withData(data);
  }

  /** One statement that only reads: no second statement after a ';', no SELECT ... INTO. */
  static boolean reads(String query) {
    String q = strip(query);
    return READ.matcher(q).matches() && q.indexOf(';') < 0 && !INTO.matcher(q).find() && !q.toUpperCase(Locale.ROOT).contains("FOR UPDATE");
  }

  private static String strip(String query) {
    return query.strip().replaceAll(";+$", "").strip();
  }
}
