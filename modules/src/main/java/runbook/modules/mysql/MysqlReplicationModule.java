package runbook.modules.mysql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * community.mysql's mysql_replication, in the words of the server it talks to (SHOW SLAVE STATUS
 * or SHOW REPLICA STATUS, CHANGE MASTER TO or CHANGE REPLICATION SOURCE TO). Every mode is planned
 * from the replica's status: changeprimary is "no change" when the status already shows every
 * setting given, start and stop when the threads already run or are stopped.
 */
public final class MysqlReplicationModule extends MysqlModule {
  /** Touched by changes to replication, so that a check run's later start knows a replica would be configured. */
  static final String TOPIC = "mysql-replication:";

  private static final ModuleSpec SPEC = ModuleSpec.of("mysql_replication", Login.args(
      ArgSpec.str("mode").choices("getprimary", "getreplica", "changeprimary", "changereplication", "startreplica", "stopreplica",
          "resetprimary", "resetreplica", "resetreplicaall", "getmaster", "getslave", "changemaster", "startslave", "stopslave",
          "resetmaster", "resetslave", "resetslaveall").defaultsTo("getreplica"),
      ArgSpec.str("primary_host").alias("master_host"),
      ArgSpec.str("primary_user").alias("master_user"),
      ArgSpec.str("primary_password").alias("master_password"),
      ArgSpec.integer("primary_port").alias("master_port"),
      ArgSpec.integer("primary_connect_retry").alias("master_connect_retry"),
      ArgSpec.str("primary_log_file").alias("master_log_file"),
      ArgSpec.integer("primary_log_pos").alias("master_log_pos"),
      ArgSpec.bool("primary_ssl").alias("master_ssl"),
      ArgSpec.str("primary_ssl_ca").alias("master_ssl_ca"),
      ArgSpec.str("primary_ssl_capath").alias("master_ssl_capath"),
      ArgSpec.str("primary_ssl_cert").alias("master_ssl_cert"),
      ArgSpec.str("primary_ssl_key").alias("master_ssl_key"),
      ArgSpec.str("primary_ssl_cipher").alias("master_ssl_cipher"),
      ArgSpec.bool("primary_ssl_verify_server_cert"),
      ArgSpec.bool("primary_auto_position").alias("master_auto_position"),
      ArgSpec.str("primary_use_gtid").choices("current_pos", "replica_pos", "slave_pos", "disabled").alias("master_use_gtid"),
      ArgSpec.integer("primary_delay").alias("master_delay"),
      ArgSpec.integer("wait_caught_up"),
      ArgSpec.str("connection_name"),
      ArgSpec.str("channel")))
      .describedAs("Reads and sets MySQL/MariaDB replication (primary status, replica setup, start/stop).")
      .with(ModuleSpec.Trait.WAITS); // getreplica's wait_caught_up: never planned ahead, and the hosts asked again after it

  /** A CHANGE MASTER setting: its argument, its name after MASTER_/SOURCE_, and the status column that shows it. */
  private record Setting(String arg, String name, String column) {}

  private static final List<Setting> SETTINGS = List.of(
      new Setting("primary_host", "HOST", "_Host"),
      new Setting("primary_user", "USER", "_User"),
      new Setting("primary_port", "PORT", "_Port"),
      new Setting("primary_connect_retry", "CONNECT_RETRY", "Connect_Retry"),
      new Setting("primary_ssl", "SSL", "_SSL_Allowed"),
      new Setting("primary_ssl_ca", "SSL_CA", "_SSL_CA_File"),
      new Setting("primary_ssl_capath", "SSL_CAPATH", "_SSL_CA_Path"),
      new Setting("primary_ssl_cert", "SSL_CERT", "_SSL_Cert"),
      new Setting("primary_ssl_key", "SSL_KEY", "_SSL_Key"),
      new Setting("primary_ssl_cipher", "SSL_CIPHER", "_SSL_Cipher"),
      new Setting("primary_ssl_verify_server_cert", "SSL_VERIFY_SERVER_CERT", "_SSL_Verify_Server_Cert"),
      new Setting("primary_delay", "DELAY", "SQL_Delay"),
      new Setting("primary_auto_position", "AUTO_POSITION", "Auto_Position"));

  public MysqlReplicationModule() {
    super(SPEC);
  }

  @Override
  Plan decide(ModuleCall call) {
    Args args = call.args();
    if (args.has("connection_name") && args.has("channel")) {
      return Plan.failed("parameters are mutually exclusive: connection_name|channel");
    }
    String mode = canonical(args.str("mode"));
    Session.Opened opened = Session.open(call, mode);
    if (opened.session() == null) {
      return mode.equals("getreplica") || mode.equals("getprimary") ? opened.insteadOfReading() : opened.instead();
    }
    Session session = opened.session();
    Server server = session.server();
    if (mode.equals("getprimary") || mode.equals("resetprimary")) {
      Session.Answer answer = session.query(server.binaryLogWords() ? "SHOW BINARY LOG STATUS;\n" : "SHOW MASTER STATUS;\n");
      if (answer.failed()) {
        return Plan.failed(answer.error());
      }
      boolean primary = !answer.rows(0).isEmpty();
      if (mode.equals("resetprimary")) {
        return primary
            ? change(session, "reset the binary logs", server.binaryLogWords() ? "RESET BINARY LOGS AND GTIDS" : "RESET MASTER")
            : Plan.failed("Server is not configured as mysql primary. Meaning: Binary logs are disabled");
      }
      var data = new LinkedHashMap<String, Object>(primary ? typed(answer.rows(0).get(0)) : Map.of(
          "msg", "Server is not configured as mysql primary. Meaning: Binary logs are disabled"));
      data.put("Is_Primary", primary);
      return Plan.unchanged(primary ? "read the primary's status" : "binary logging is off", data);
    }
    String word = server.replicaWord();
    String name = args.has("connection_name") ? " " + Sql.literal(args.str("connection_name")) : "";
    String channel = args.has("channel") ? " FOR CHANNEL " + Sql.literal(args.str("channel")) : "";
    Session.Answer answer = session.query("SHOW " + word + name + " STATUS" + channel + ";\n");
    if (answer.failed()) {
      return Plan.failed(answer.error());
    }
    Map<String, String> status = answer.rows(0).isEmpty() ? Map.of() : answer.rows(0).get(0);
    String prefix = status.containsKey("Source_Host") ? "Source" : "Master";
    // "Connecting" is a running IO thread that has not reached its primary yet: START would do nothing
    String ioState = column(status, "Slave_IO_Running", "Replica_IO_Running");
    boolean io = "Yes".equals(ioState) || "Connecting".equals(ioState);
    boolean sql = "Yes".equals(column(status, "Slave_SQL_Running", "Replica_SQL_Running"));
    String stop = "STOP " + word + name + channel;
    String start = "START " + word + name + channel;
    List<String> earlier = call.host().pending(TOPIC);
    return switch (mode) {
      case "getreplica" -> args.has("wait_caught_up") && args.integer("wait_caught_up") > 0 && !caughtUp(status)
          ? waitCaughtUp(session, "SHOW " + word + name + " STATUS" + channel, args.integer("wait_caught_up"), earlier)
          : replicaStatus(status, "read the replica's status");
      case "startreplica" -> status.isEmpty() && earlier.isEmpty()
          ? Plan.failed("Server is not configured as mysql replica: changeprimary first")
          : io && sql ? Plan.unchanged("the replica is running already", Map.of("msg", "Replica already started"))
          : pending(change(session, "start the replica", start), earlier);
      case "stopreplica" -> !io && !sql && earlier.isEmpty()
          ? Plan.unchanged("the replica is not running", Map.of("msg", "Replica already stopped"))
          : pending(change(session, "stop the replica", stop), earlier);
      case "resetreplica", "resetreplicaall" -> status.isEmpty() && earlier.isEmpty()
          ? Plan.unchanged("not a replica: nothing to reset", Map.of("msg", "Replica already reset"))
          : pending(change(session, "reset the replica" + (mode.equals("resetreplicaall") ? " and forget its primary" : ""),
              "RESET " + word + name + (mode.equals("resetreplicaall") ? " ALL" : "") + channel), earlier);
      default -> changePrimary(session, status, prefix, io || sql, stop, start, name, channel, earlier);
    };
  }

  private static Plan replicaStatus(Map<String, String> status, String read) {
    var data = new LinkedHashMap<String, Object>(status.isEmpty() ? Map.of("msg", "Server is not configured as mysql replica") : typed(status));
    data.put("Is_Replica", !status.isEmpty());
    return Plan.unchanged(status.isEmpty() ? "not a replica" : read, data);
  }

  /** Both threads running and nothing left to apply: Seconds_Behind_Master 0. */
  private static boolean caughtUp(Map<String, String> status) {
    return "0".equals(status.get("Seconds_Behind_Master")) && "Yes".equals(column(status, "Slave_IO_Running", "Replica_IO_Running"))
        && "Yes".equals(column(status, "Slave_SQL_Running", "Replica_SQL_Running"));
  }

  /**
   * Ours: getreplica with wait_caught_up waits, up to that many seconds, until the replica has
   * caught up, one loop on the host; being a read it runs in check mode too, unless the replica
   * is one that an earlier simulated change would set up (then waiting would be in vain).
   */
  private static Plan waitCaughtUp(Session session, String show, int seconds, List<String> earlier) {
    if (!earlier.isEmpty()) {
      return Plan.change("wait until the replica has caught up", List.of(), List.of()).dependingOn(earlier.get(0));
    }
    var r = session.call().host().probe(Client.until(session.login(), show,
        List.of("\"Seconds_Behind_Master\">0<", "_IO_Running\">Yes<", "_SQL_Running\">Yes<"), seconds));
    if (!r.ok() && r.rc() != Client.TIMED_OUT) {
      return Plan.failed(Session.error(r));
    }
    var rows = Results.parse(r.stdout());
    Map<String, String> status = rows.isEmpty() || rows.get(0).isEmpty() ? Map.of() : rows.get(0).get(0);
    if (!r.ok()) {
      String error = java.util.stream.Stream.of("Last_IO_Error", "Last_SQL_Error").map(status::get).filter(e -> e != null && !e.isEmpty())
          .findFirst().map(e -> " (" + e + ")").orElse("");
      return Plan.failed("the replica has not caught up within " + seconds + " s: Seconds_Behind_Master is "
          + java.util.Objects.requireNonNullElse(status.get("Seconds_Behind_Master"), "NULL") + error, replicaStatus(status, "").data());
    }
    return replicaStatus(status, "the replica has caught up");
  }

  /** The changes CHANGE MASTER TO needs, from every setting given that the status does not show already. */
  private static Plan changePrimary(Session session, Map<String, String> status, String prefix, boolean running, String stop, String start,
      String name, String channel, List<String> earlier) {
    Args args = session.call().args();
    boolean source = session.server().sourceWords();
    String word = source ? "SOURCE_" : "MASTER_";
    List<String> assignments = new ArrayList<>();
    List<String> differ = new ArrayList<>();
    for (Setting s : SETTINGS) {
      if (!args.has(s.arg())) {
        continue;
      }
      Object value = args.raw(s.arg());
      String column = s.column().startsWith("_") ? prefix + s.column() : s.column();
      if (!shows(status.get(column), value)) {
        differ.add(s.arg());
        assignments.add(word + s.name() + "=" + (value instanceof String text ? Sql.literal(text) : value instanceof Boolean b ? (b ? "1" : "0") : value));
      }
    }
    if (args.has("primary_use_gtid")) {
      String gtid = args.str("primary_use_gtid").replace("replica_pos", "slave_pos").replace("disabled", "no");
      if (!gtid.equalsIgnoreCase(String.valueOf(status.get("Using_Gtid")))) {
        differ.add("primary_use_gtid");
        assignments.add("MASTER_USE_GTID=" + gtid);
      }
    }
    if (args.has("primary_log_file") || args.has("primary_log_pos")) {
      if (!reached(status, prefix, args.str("primary_log_file"), args.integer("primary_log_pos"))) {
        differ.add("primary_log_file/primary_log_pos");
        if (args.has("primary_log_file")) {
          assignments.add(word + "LOG_FILE=" + Sql.literal(args.str("primary_log_file")));
        }
        if (args.has("primary_log_pos")) {
          assignments.add(word + "LOG_POS=" + args.integer("primary_log_pos"));
        }
      }
    }
    String passwordNote = args.has("primary_password") ? " (primary_password cannot be read back and is not compared)" : "";
    if (differ.isEmpty() && !status.isEmpty()) {
      return Plan.unchanged("the replica's status shows every setting given" + passwordNote, Map.of("msg", "Replica is set up as given"));
    }
    if (args.has("primary_password")) {
      assignments.add(word + "PASSWORD=" + Sql.literal(args.str("primary_password")));
    }
    if (assignments.isEmpty()) {
      return Plan.failed("changeprimary needs at least one primary_* setting");
    }
    String change = (source ? "CHANGE REPLICATION SOURCE" : "CHANGE MASTER") + name + " TO " + String.join(", ", assignments) + channel;
    String sql = running ? stop + ";\n" + change + ";\n" + start : change;
    String summary = (status.isEmpty() ? "point the server at its primary" : "change " + String.join(", ", differ))
        + (running ? " (stopping the replica for it and starting it again)" : "");
    return pending(change(session, summary, sql).touching(TOPIC), earlier);
  }

  /** Whether the replica has executed up to or past the given binary log coordinates. */
  private static boolean reached(Map<String, String> status, String prefix, String file, Integer pos) {
    String executedFile = status.get("Relay_" + prefix + "_Log_File");
    String executedPos = status.get("Exec_" + prefix + "_Log_Pos");
    if (executedFile == null || executedPos == null) {
      return false;
    }
    int byFile = file == null ? 0 : executedFile.compareTo(file);
    return byFile > 0 || (byFile == 0 && (pos == null || Long.parseLong(executedPos) >= pos));
  }

  /** Whether a status column shows a wanted value: Yes/No for booleans, text as it is. */
  private static boolean shows(String shown, Object wanted) {
    if (shown == null) {
      return false;
    }
    if (wanted instanceof Boolean b) {
      return shown.equalsIgnoreCase(b ? "Yes" : "No") || shown.equals(b ? "1" : "0");
    }
    return shown.equals(String.valueOf(wanted));
  }

  private static Plan.Change change(Session session, String summary, String sql) {
    return Plan.change(summary, List.of(new Action.Run(session.change(sql + ";\n"))), List.of());
  }

  /** A change planned over an earlier simulated change of replication rests on it. */
  private static Plan pending(Plan.Change change, List<String> earlier) {
    return earlier.isEmpty() ? change : change.dependingOn(earlier.get(0));
  }

  private static String column(Map<String, String> status, String... names) {
    for (String n : names) {
      if (status.containsKey(n)) {
        return status.get(n);
      }
    }
    return null;
  }

  /**
   * Numbers as numbers, as community.mysql's driver returns them (Seconds_Behind_Master == 0 in an
   * until: works); NULL columns are left out, since a result holds no null at its top.
   */
  private static Map<String, Object> typed(Map<String, String> row) {
    var out = new LinkedHashMap<String, Object>();
    row.forEach((k, v) -> {
      if (v != null) {
        out.put(k, v.matches("-?\\d{1,18}") ? (Object) Long.parseLong(v) : v);
      }
    });
    return out;
  }

  /** community.mysql's old mode names are the new ones. */
  private static String canonical(String mode) {
    return switch (mode.toLowerCase(Locale.ROOT)) {
      case "getmaster" -> "getprimary";
      case "getslave" -> "getreplica";
      case "changemaster", "changereplication" -> "changeprimary";
      case "startslave" -> "startreplica";
      case "stopslave" -> "stopreplica";
      case "resetmaster" -> "resetprimary";
      case "resetslave" -> "resetreplica";
      case "resetslaveall" -> "resetreplicaall";
      default -> mode;
    };
  }
}
