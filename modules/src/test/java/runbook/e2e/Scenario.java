package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import runbook.connect.ConnectOptions;
import runbook.connect.Connection;
import runbook.connect.Connections;
import runbook.lab.Lab;
import runbook.lab.Rehearsal;
import runbook.spi.Shell;

/**
 * A scenario of runbooks/ rehearsed on hosts of its own, and what its test checks on those hosts
 * with its own means (SSH commands, raw HTTP), never by reading the runbooks' output.
 */
final class Scenario {
  private Scenario() {}

  /** The repository's root: tests run in modules/. */
  static Path root() {
    return Path.of("").toAbsolutePath().getParent();
  }

  /** Rehearses runbooks/NAME with inventories/NAME.yml; prints the verdicts; fails unless it passed. */
  static Rehearsal.Result rehearse(String name, Path work, Rehearsal.HostChecks checks) {
    Rehearsal rehearsal = Rehearsal.of(root().resolve("runbooks").resolve(name), root().resolve("inventories").resolve(name + ".yml"));
    StringWriter text = new StringWriter();
    Rehearsal.Result result;
    try (PrintWriter out = new PrintWriter(text, true)) {
      result = rehearsal.run(work.resolve("lab"), work, out, checks);
    } finally {
      System.out.println(text);
    }
    assertTrue(result.passed(), "the rehearsal did not pass:\n" + text);
    return result;
  }

  /**
   * The shell command that lists every entry under {@code paths} (path, type, mode, owners, size,
   * mtime) and every file's digest. Only a regular file's mtime goes below the second: rsync takes a
   * directory or link whose time differs from the source's only below the second as up to date.
   */
  static String tree(String paths) {
    String entry = "-printf '%p %y %m %u %g %s ";
    return "{ find " + paths + " -type f " + entry + "%T@\\n'; find " + paths + " ! -type f " + entry + "%Ts\\n'; } | sort && find " + paths
        + " -type f -exec sha256sum {} + | sort";
  }

  /** Runs a command as root on a lab host; fails the test when it fails. */
  static String sh(Lab lab, String host, String command) {
    try (Connections connections = new Connections(ConnectOptions.defaults())) {
      Lab.LabHost h = lab.hosts().stream().filter(x -> x.name().equals(host)).findFirst().orElseThrow();
      Connection c = connections.forHost(h.name(), lab.connectionVars(h, "root"));
      var r = c.exec(command, null);
      if (r.rc() != 0) {
        throw new AssertionError(host + ": '" + command + "' failed (" + r.rc() + "): " + r.err());
      }
      return r.out();
    }
  }

  static String address(Lab lab, String host) {
    return lab.hosts().stream().filter(x -> x.name().equals(host)).findFirst().orElseThrow().address();
  }

  /** Every row of every table of a database, in key order, as the mysql client prints them (hex, so no byte is lost). */
  static String rows(Lab lab, String host, String db) {
    String tables = sh(lab, host, "mysql -N -B -e " + Shell.quote(
        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + db + "' ORDER BY TABLE_NAME"));
    StringBuilder all = new StringBuilder();
    for (String table : tables.lines().toList()) {
      String columns = sh(lab, host, "mysql -N -B -e " + Shell.quote("SELECT GROUP_CONCAT(CONCAT('HEX(`', COLUMN_NAME, '`)')"
          + " ORDER BY ORDINAL_POSITION) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '" + db + "' AND TABLE_NAME = '" + table + "'"))
          .strip();
      all.append(table).append('\n').append(sh(lab, host, "mysql -N -B -e " + Shell.quote(
          "SELECT " + columns + " FROM `" + db + "`.`" + table + "` ORDER BY 1")));
    }
    return all.toString();
  }

  /** An HTTP answer: status, headers (names lower-cased), body. */
  record Http(int status, Map<String, String> headers, String body) {}

  /** A TCP connection from this machine to {@code address}:{@code port}, closed at once; throws when refused or not made within 2 s. */
  static void connect(String address, int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2000);
    }
  }

  /** A GET sent from this machine to {@code address}:{@code port} with this Host header; nothing followed. */
  static Http get(String address, int port, String hostHeader, String path) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 5000);
      socket.setSoTimeout(10000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.0\r\nHost: " + hostHeader + "\r\nUser-Agent: rehearsal-test\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int end = response.indexOf("\r\n\r\n");
      String[] head = response.substring(0, end).split("\r\n");
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < head.length; i++) {
        int colon = head[i].indexOf(':');
        headers.put(head[i].substring(0, colon).toLowerCase(java.util.Locale.ROOT), head[i].substring(colon + 1).strip());
      }
      return new Http(Integer.parseInt(head[0].split(" ")[1]), headers, response.substring(end + 4));
    }
  }

  /** How many lines of a host's file contain {@code text} (0 when the file is missing). */
  static int count(Lab lab, String host, String file, String text) {
    return Integer.parseInt(sh(lab, host, "grep -c -F -- " + Shell.quote(text) + " " + Shell.quote(file) + " || true").strip());
  }

  static void assertServes(Http answer, int status, String text) {
    assertEquals(status, answer.status(), "status of " + answer);
    assertTrue(answer.body().contains(text), "the body has '" + text + "': " + answer);
  }
}
