package runbook.modules.mysql;

import java.util.List;
import java.util.Map;
import runbook.spi.Command;
import runbook.spi.CommandResult;
import runbook.spi.ModuleCall;
import runbook.spi.Plan;

/**
 * A login that works and the server behind it, found once per task: the first probe asks the
 * server's version, with root and no password first under check_implicit_admin. Probes really run
 * in check mode too; they only read.
 */
record Session(ModuleCall call, Login login, Server server) {
  /**
   * The topic of a load into this host's server that a check run only simulated (mysql_copy's
   * pipe): what a later task reads there rests on it, so the engine takes its plan as depending on
   * the load, or as cannot be predicted.
   */
  static final String LOADED = "mysql-data:";

  /** The outcome of opening: a session, or the plan to return instead (a failure, or a dependency on an earlier simulated change). */
  record Opened(Session session, Plan instead) {
    /**
     * The plan instead of a task that only reads: a read never changes anything, so in a check run
     * before the server exists it is "ok" with nothing read, not a change that depends on the
     * install (the apply reports it ok).
     */
    Plan insteadOfReading() {
      return instead instanceof Plan.Change change && change.dependsOn() != null
          ? Plan.unchanged("nothing to read yet: the server comes with " + change.dependsOn(), Map.of())
          : instead;
    }
  }

  /** What a probe got: result sets, or the client's error. */
  record Answer(List<List<Map<String, String>>> sets, String error) {
    boolean failed() {
      return error != null;
    }

    /** The rows of the {@code n}th result set. */
    List<Map<String, String>> rows(int n) {
      return sets.get(n);
    }
  }

  static Opened open(ModuleCall call, String what) {
    Login given = Login.of(call.args());
    if (call.args().bool("check_implicit_admin")) {
      Opened admin = open(call, given.implicitAdmin(), what);
      if (admin.session() != null) {
        return admin;
      }
    }
    return open(call, given, what);
  }

  private static Opened open(ModuleCall call, Login login, String what) {
    call.host().readsAfter(LOADED);
    CommandResult r = call.host().probe(Client.sql(login, null, "SELECT VERSION() AS version;\n"));
    if (r.ok()) {
      List<List<Map<String, String>>> sets = Results.parse(r.stdout());
      if (!sets.isEmpty() && !sets.get(0).isEmpty()) {
        return new Opened(new Session(call, login, Server.of(sets.get(0).get(0).get("version"))), null);
      }
    }
    // In a check run the server may be one that an earlier task would install or start.
    List<String> earlier = call.checkMode() ? pendingServer(call) : List.of();
    if (!earlier.isEmpty()) {
      return new Opened(null, Plan.change(what, List.of(), List.of()).dependingOn(earlier.get(0)));
    }
    return new Opened(null, Plan.failed("unable to connect to database, check login_user and login_password are correct or "
        + login.configFile() + " has the credentials: " + error(r)));
  }

  /** In a check run, the earlier simulated changes that would install or start the server. */
  static List<String> pendingServer(ModuleCall call) {
    return java.util.stream.Stream.of("package:", "service:").flatMap(t -> call.host().pending(t).stream()).toList();
  }

  /** Runs read-only SQL (in check mode too). */
  Answer query(String sql) {
    return query(null, sql);
  }

  Answer query(String database, String sql) {
    CommandResult r = call.host().probe(Client.sql(login, database, sql));
    return r.ok() ? new Answer(Results.parse(r.stdout()), null) : new Answer(List.of(), error(r));
  }

  /** SQL that changes the server, for the engine to run when the plan is applied. */
  Command change(String sql) {
    return change(null, sql);
  }

  Command change(String database, String sql) {
    return Client.sql(login, database, sql);
  }

  /** The client's message, one line: "ERROR 1045 (28000): Access denied ...". */
  static String error(CommandResult r) {
    String text = r.stderr().strip();
    return text.isEmpty() ? "the mysql client ended with status " + r.rc() : text.lines().reduce((a, b) -> b).orElse(text);
  }
}
