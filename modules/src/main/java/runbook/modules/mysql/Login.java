package runbook.modules.mysql;

import java.util.ArrayList;
import java.util.List;
import runbook.spi.ArgSpec;
import runbook.spi.Args;

/**
 * How to log in, from community.mysql's common arguments. The values become the lines of a
 * client option file ({@link #options}) that the command writes itself, mode 0600, from its stdin:
 * the password is never in a command line or a script.
 */
record Login(
    String user, String password, String host, int port, String socket, String configFile, Integer connectTimeout,
    String caCert, String clientCert, String clientKey, Boolean checkHostname) {

  /** The arguments every mysql module takes, with community.mysql's names, aliases and defaults. */
  static List<ArgSpec> args(ArgSpec... own) {
    var all = new ArrayList<>(List.of(
        ArgSpec.str("login_user"),
        ArgSpec.str("login_password"),
        ArgSpec.str("login_host").defaultsTo("localhost"),
        ArgSpec.integer("login_port").defaultsTo(3306),
        ArgSpec.str("login_unix_socket"),
        ArgSpec.str("config_file").defaultsTo("~/.my.cnf"),
        ArgSpec.integer("connect_timeout").defaultsTo(30),
        ArgSpec.str("ca_cert").alias("ssl_ca"),
        ArgSpec.str("client_cert").alias("ssl_cert"),
        ArgSpec.str("client_key").alias("ssl_key"),
        ArgSpec.bool("check_hostname")));
    all.addAll(List.of(own));
    return all;
  }

  static Login of(Args args) {
    return new Login(
        args.str("login_user"), args.str("login_password"), args.str("login_host"), args.integer("login_port"),
        args.str("login_unix_socket"), args.str("config_file"), args.integer("connect_timeout"), args.str("ca_cert"),
        args.str("client_cert"), args.str("client_key"), (Boolean) args.raw("check_hostname"));
  }

  /** A second login from arguments named {@code prefix + "login_user"} and so on (the other server of a copy); no ssl. */
  static Login of(Args args, String prefix) {
    return new Login(
        args.str(prefix + "login_user"), args.str(prefix + "login_password"), args.str(prefix + "login_host"),
        args.integer(prefix + "login_port"), args.str(prefix + "login_unix_socket"), args.str(prefix + "config_file"),
        args.integer("connect_timeout"), null, null, null, null);
  }

  /** community.mysql's check_implicit_admin: root without a password, everything else the same. */
  Login implicitAdmin() {
    return new Login("root", "", host, port, socket, configFile, connectTimeout, caCert, clientCert, clientKey, checkHostname);
  }

  /**
   * The [client] group (and [mysql] for what only the mysql client reads), one option a line. Values are quoted as the client's option file reader
   * unquotes them (backslash escapes for \, ", newline, CR and tab), so no value can start a line of
   * its own. A socket wins over host and port, as in community.mysql.
   */
  List<String> options() {
    var lines = new ArrayList<String>();
    lines.add("[client]");
    option(lines, "user", user);
    option(lines, "password", password);
    if (socket != null) {
      option(lines, "socket", socket);
    } else {
      option(lines, "host", host);
      lines.add("port=" + port);
    }
    option(lines, "ssl-ca", caCert);
    option(lines, "ssl-cert", clientCert);
    option(lines, "ssl-key", clientKey);
    if (checkHostname != null) {
      lines.add(checkHostname ? "ssl-verify-server-cert" : "skip-ssl-verify-server-cert");
    }
    if (connectTimeout != null) {
      // only the mysql client knows it; mysqldump refuses unknown options of [client]
      lines.add("[mysql]");
      lines.add("connect-timeout=" + connectTimeout);
    }
    return lines;
  }

  private static void option(List<String> lines, String name, String value) {
    if (value != null) {
      lines.add(name + "=" + quote(value));
    }
  }

  /** A value as the option file reader reads it back: in double quotes, with its escapes. */
  static String quote(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a MySQL option cannot contain a NUL character");
    }
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "\"";
  }
}
