package runbook.modules.mysql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import runbook.modules.FakeHost;
import runbook.modules.FilesOf;
import runbook.spi.Command;
import runbook.spi.CommandResult;

/**
 * A host with a MariaDB behind the mysql client: probes are answered by the SQL they send
 * (what follows the option lines on stdin), with outputs recorded from a real MariaDB 10.11
 * (test resources mysql/*.xml). Files are a {@link FakeHost}'s.
 */
final class FakeServer extends FilesOf {
  private final Map<String, CommandResult> answers = new HashMap<>();
  /** The option lines of every probe, to check what a login sends. */
  final List<String> logins = new ArrayList<>();

  FakeServer() {
    super(FakeHost.empty());
  }

  static FakeServer mariadb() {
    return new FakeServer().answer("SELECT VERSION() AS version;\n", resource("version.xml"));
  }

  FakeServer answer(String sql, String xml) {
    answers.put(sql, new CommandResult(0, xml, ""));
    return this;
  }

  /** A client script that prints {@code xml} and ends with {@code rc} (a wait that timed out). */
  FakeServer answer(String sql, int rc, String xml) {
    answers.put(sql, new CommandResult(rc, xml, ""));
    return this;
  }

  FakeServer fails(String sql, String error) {
    answers.put(sql, new CommandResult(1, "", error + "\n"));
    return this;
  }

  FakeServer pending(String topic, String summary) {
    files.pending(topic, summary);
    return this;
  }

  static String resource(String name) {
    try (var in = FakeServer.class.getResourceAsStream("/mysql/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A result set with no rows, as the client prints one. */
  static String empty(String statement) {
    return "<?xml version=\"1.0\"?>\n\n<resultset statement=\"" + statement
        + "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"></resultset>\n";
  }

  /** The SQL a client command sends: stdin after the option lines and the session set-up. */
  static String sql(Command command) {
    String stdin = command.stdin();
    String rest = stdin.substring(stdin.indexOf("\n" + Client.END + "\n") + Client.END.length() + 2);
    return rest.startsWith(Client.SESSION) ? rest.substring(Client.SESSION.length()) : rest;
  }

  @Override
  public CommandResult probe(Command command) {
    if (command.stdin() == null || !command.stdin().contains(Client.END)) {
      return files.probe(command);
    }
    String stdin = command.stdin();
    logins.add(stdin.substring(0, stdin.indexOf("\n" + Client.END + "\n")));
    String sql = sql(command);
    CommandResult r = answers.get(sql);
    if (r == null) {
      throw new AssertionError("unexpected SQL: " + sql + " (expected one of " + answers.keySet() + ")");
    }
    return r;
  }




}
