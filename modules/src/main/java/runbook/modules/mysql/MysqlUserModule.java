package runbook.modules.mysql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import runbook.modules.mysql.Privileges.Target;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * community.mysql's mysql_user, planned from mysql.user and SHOW GRANTS. A password is compared
 * without being set: its mysql_native_password hash is computed here and compared on the server,
 * so the password itself never reaches the host, and no statement runs to find out. Nothing read
 * about the password (not even whether it matched, beyond "changed") is put in the result.
 */
public final class MysqlUserModule extends MysqlModule {
  private static final ModuleSpec SPEC = ModuleSpec.of("mysql_user", Login.args(
      ArgSpec.str("name").required().alias("user"),
      ArgSpec.str("password"),
      ArgSpec.bool("encrypted").defaultsTo(false),
      ArgSpec.str("host").defaultsTo("localhost"),
      ArgSpec.bool("host_all").defaultsTo(false),
      ArgSpec.str("state").choices("present", "absent").defaultsTo("present"),
      ArgSpec.raw("priv"),
      ArgSpec.bool("append_privs").defaultsTo(false),
      ArgSpec.bool("check_implicit_admin").defaultsTo(false),
      ArgSpec.str("update_password").choices("always", "on_create").defaultsTo("always"),
      ArgSpec.bool("sql_log_bin").defaultsTo(true)))
      .describedAs("Creates, changes or removes a MySQL/MariaDB user and its privileges.");

  public MysqlUserModule() {
    super(SPEC);
  }

  @Override
  Plan decide(ModuleCall call) {
    Args args = call.args();
    String user = args.str("name");
    String host = args.str("host").toLowerCase(Locale.ROOT);
    boolean hostAll = args.bool("host_all");
    String password = args.optional("password").filter(p -> !p.isEmpty()).orElse(null);
    String hash = password == null ? null : args.bool("encrypted") ? checkedHash(password) : nativeHash(password);
    Map<Target, Set<String>> wanted = args.has("priv") ? Privileges.parse(args.raw("priv")) : null;
    var data = new LinkedHashMap<String, Object>(Map.of("user", user));
    String account = hostAll ? user + "@(every host)" : user + "@" + host;

    Session.Opened opened = Session.open(call, "manage user " + account);
    if (opened.session() == null) {
      return opened.instead();
    }
    Session session = opened.session();
    boolean maria = session.server().mariadb();
    String same = hash == null ? "0" : (maria ? "plugin IN ('', 'mysql_native_password') AND (authentication_string = " + Sql.literal(hash)
        + " OR Password = " + Sql.literal(hash) + ")" : "plugin = 'mysql_native_password' AND authentication_string = " + Sql.literal(hash));
    Session.Answer accounts = session.query("SELECT Host, " + same + " AS same FROM mysql.user WHERE User = " + Sql.literal(user)
        + (hostAll ? "" : " AND Host = " + Sql.literal(host)) + " ORDER BY Host;\n");
    if (accounts.failed()) {
      return Plan.failed("cannot read mysql.user: " + accounts.error(), data);
    }
    Map<String, Boolean> hosts = new LinkedHashMap<>();
    accounts.rows(0).forEach(r -> hosts.put(r.get("Host"), "1".equals(r.get("same"))));

    if (args.str("state").equals("absent")) {
      if (hosts.isEmpty()) {
        data.put("msg", "User doesn't exist");
        return Plan.unchanged("user " + account + " does not exist", data);
      }
      String sql = hosts.keySet().stream().map(h -> "DROP USER " + Sql.account(user, h) + ";\n").collect(Collectors.joining());
      data.put("msg", "User deleted");
      return change(session, "drop user " + hosts.keySet().stream().map(h -> user + "@" + h).collect(Collectors.joining(", ")), sql, data);
    }
    if (hosts.isEmpty()) {
      if (hostAll) {
        return Plan.failed("host_all parameter cannot be used when adding a user", data);
      }
      var sql = new StringBuilder("CREATE USER " + Sql.account(user, host) + (hash == null ? "" : identified(maria, hash)) + ";\n");
      var said = new ArrayList<String>(List.of("create user " + account + (hash == null ? "" : " with a password")));
      grants(user, host, Map.of(), wanted == null ? Map.of() : wanted, false, sql, said);
      data.put("msg", "User added");
      data.put("password_changed", hash != null);
      return change(session, String.join("; ", said), sql.toString(), data);
    }

    var sql = new StringBuilder();
    var said = new ArrayList<String>();
    boolean passwordChanged = false;
    for (var entry : hosts.entrySet()) {
      String h = entry.getKey();
      if (hash != null && args.str("update_password").equals("always") && !entry.getValue()) {
        sql.append("ALTER USER ").append(Sql.account(user, h)).append(identified(maria, hash)).append(";\n");
        said.add("change the password of " + user + "@" + h);
        passwordChanged = true;
      }
      if (wanted != null) {
        Session.Answer grants = session.query("SHOW GRANTS FOR " + Sql.account(user, h) + ";\n");
        if (grants.failed()) {
          return Plan.failed("cannot read the grants of " + user + "@" + h + ": " + grants.error(), data);
        }
        List<String> lines = grants.rows(0).stream().map(r -> r.values().iterator().next()).toList();
        grants(user, h, Privileges.fromGrants(lines), wanted, args.bool("append_privs"), sql, said);
      }
    }
    data.put("password_changed", passwordChanged);
    if (said.isEmpty()) {
      data.put("msg", "User unchanged");
      return Plan.unchanged("user " + account + " is as wanted" + (hash != null && args.str("update_password").equals("on_create")
          ? " (update_password: on_create, the password was not compared)" : ""), data);
    }
    data.put("msg", passwordChanged && said.size() == 1 ? "Password updated" : "User updated");
    return change(session, String.join("; ", said), sql.toString(), data);
  }

  /**
   * GRANT and REVOKE statements that turn {@code current} into {@code wanted}: revokes first, then
   * grants. A target the user has and wanted lacks loses its privileges unless {@code append}.
   */
  private static void grants(String user, String host, Map<Target, Set<String>> current, Map<Target, Set<String>> wanted, boolean append,
      StringBuilder sql, List<String> said) {
    String account = Sql.account(user, host);
    var targets = new LinkedHashSet<Target>(wanted.keySet());
    if (!append) {
      targets.addAll(current.keySet());
    }
    for (Target target : targets) {
      Set<String> now = current.getOrDefault(target, Set.of());
      Set<String> want = wanted.getOrDefault(target, Set.of());
      Set<String> revoke = new LinkedHashSet<>(append ? Set.of() : now);
      revoke.removeAll(want);
      Set<String> grant = new LinkedHashSet<>(want);
      grant.removeAll(now);
      boolean revokeOption = revoke.remove(Privileges.GRANT);
      boolean grantOption = grant.remove(Privileges.GRANT);
      if (!revoke.isEmpty()) {
        sql.append("REVOKE ").append(Privileges.sql(revoke)).append(" ON ").append(target.sql()).append(" FROM ").append(account).append(";\n");
        said.add("revoke " + String.join(", ", revoke) + " ON " + target + " from " + user + "@" + host);
      }
      if (revokeOption) {
        sql.append("REVOKE GRANT OPTION ON ").append(target.sql()).append(" FROM ").append(account).append(";\n");
        said.add("revoke the grant option ON " + target + " from " + user + "@" + host);
      }
      if (!grant.isEmpty() || grantOption) {
        sql.append("GRANT ").append(grant.isEmpty() ? "USAGE" : Privileges.sql(grant)).append(" ON ").append(target.sql()).append(" TO ")
            .append(account).append(grantOption ? " WITH GRANT OPTION" : "").append(";\n");
        said.add("grant " + String.join(", ", grant) + (grantOption ? (grant.isEmpty() ? "" : ", ") + "the grant option" : "") + " ON " + target
            + " to " + user + "@" + host);
      }
    }
  }

  private static Plan change(Session session, String summary, String sql, Map<String, Object> data) {
    String prefix = session.call().args().bool("sql_log_bin") ? "" : "SET SQL_LOG_BIN=0;\n";
    return Plan.change(summary, List.of(new Action.Run(session.change(prefix + sql))), List.of()).withData(data);
  }

  /** How each flavour sets a mysql_native_password hash. */
  private static String identified(boolean mariadb, String hash) {
    return mariadb ? " IDENTIFIED BY PASSWORD " + Sql.literal(hash) : " IDENTIFIED WITH mysql_native_password AS " + Sql.literal(hash);
  }

  /** mysql_native_password's hash, as PASSWORD() computes it: '*' and the hex of SHA1(SHA1(password)). */
  static String nativeHash(String password) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      byte[] once = sha1.digest(password.getBytes(StandardCharsets.UTF_8));
      return "*" + HexFormat.of().withUpperCase().formatHex(sha1.digest(once));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }

  private static String checkedHash(String hash) {
    if (!hash.matches("\\*[0-9A-Fa-f]{40}")) {
      throw new IllegalArgumentException("encrypted was specified however it does not appear to be a valid hash expecting: *SHA1(SHA1(your_password))");
    }
    return hash.toUpperCase(Locale.ROOT);
  }
}
