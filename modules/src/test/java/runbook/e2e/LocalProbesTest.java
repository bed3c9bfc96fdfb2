package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The probes and pause through the command line on the local connection: uri against a small HTTP
 * server of the test's own (the host's curl), wait_for against a port the test opens late.
 */
class LocalProbesTest {
  @TempDir Path dir;
  private HttpServer server;
  private Path inventory;
  private String base;
  /** What /app.txt serves; a test changes it to see force replace dest. */
  private volatile String served = "app v1\n";

  @BeforeEach
  void server() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/old", x -> {
      x.getResponseHeaders().add("Location", "http://127.0.0.1:" + server.getAddress().getPort() + "/new");
      x.sendResponseHeaders(302, -1);
      x.close();
    });
    server.createContext("/new", x -> reply(x, 200, "text/plain", "the new site\n"));
    server.createContext("/api", x -> {
      String auth = String.valueOf(x.getRequestHeaders().getFirst("Authorization"));
      String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      reply(x, x.getRequestMethod().equals("POST") ? 201 : 200, "application/json",
          "{\"method\": \"" + x.getRequestMethod() + "\", \"auth\": \"" + auth + "\", \"body\": " + quoted(body) + "}");
    });
    server.createContext("/app.txt", x -> reply(x, 200, "text/plain", served));
    server.createContext("/SUMS", x -> reply(x, 200, "text/plain", sha256(served) + "  app.txt\n" + sha256("x") + "  other.txt\n"));
    server.createContext("/secret.txt", x -> {
      boolean allowed = "Basic b3BzOnMzY3InZXQgJCh4KQ==".equals(x.getRequestHeaders().getFirst("Authorization"));
      reply(x, allowed ? 200 : 401, "text/plain", allowed ? "secret\n" : "no\n");
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    inventory = Fixtures.localInventory(dir, dir);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void uriGetsRedirectsAndJsonInCheckModeToo() throws IOException {
    Path book = Fixtures.runbook(dir, """
        - uri: {url: "%1$s/old", follow_redirects: none, status_code: 302}
          register: r
        - assert:
            that: ["r.status == 302", "r.location == '%1$s/new'"]
        - uri: {url: "%1$s/old", return_content: true}
          register: f
        - assert:
            that: ["f.status == 200", "f.redirected", "f.url == '%1$s/new'", "f.content == 'the new site\\n'"]
        - uri: {url: "%1$s/api", return_content: true, url_username: ops, url_password: "s3cr'et $(x)", headers: {X-Trace: "a b"}}
          register: j
        - assert:
            that: ["j.json.method == 'GET'", "j.json.auth == 'Basic b3BzOnMzY3InZXQgJCh4KQ=='"]
        """.formatted(base));
    for (String mode : new String[] {"--check", "--diff"}) {
      Command run = Command.run("apply", mode, inventory.toString(), book.toString());
      assertEquals(0, run.exitCode(), run.toString());
      assertEquals(0, run.changed(), run.toString());
    }
  }

  /** With only wget or only python3 on the PATH (no curl), the same answers. */
  @ParameterizedTest
  @ValueSource(strings = {"wget", "python3"})
  void uriWithoutCurl(String tool) throws IOException {
    Path book = Fixtures.runbook(dir, """
        - uri: {url: "%1$s/old", follow_redirects: none, status_code: 302}
          environment: {PATH: "%2$s"}
          register: r
        - assert:
            that: ["r.status == 302", "r.location == '%1$s/new'"]
        - uri: {url: "%1$s/api", return_content: true, method: HEAD, url_username: ops, url_password: "s3cr'et $(x)"}
          environment: {PATH: "%2$s"}
          register: h
        - assert:
            that: ["h.status == 200", "h.content == ''", "h.content_type == 'application/json'"]
        - uri: {url: "%1$s/api", return_content: true, url_username: ops, url_password: "s3cr'et $(x)"}
          environment: {PATH: "%2$s"}
          register: j
        - assert:
            that: ["j.json.auth == 'Basic b3BzOnMzY3InZXQgJCh4KQ=='", "not j.redirected"]
        - uri: {url: "%1$s/old", return_content: true}
          environment: {PATH: "%2$s"}
          register: f
        - assert:
            that: ["f.status == 200", "f.redirected", "f.url == '%1$s/new'", "f.content == 'the new site\\n'"]
        """.formatted(base, tools(tool)));
    Command run = Command.run("apply", "--check", inventory.toString(), book.toString());
    assertEquals(0, run.exitCode(), run.toString());
  }

  /** A host without python3 or nc: wait_for tries the port with bash's /dev/tcp. */
  @Test
  void waitForWithBashWhenTheHostHasNoPython() throws IOException {
    try (ServerSocket open = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Path book = Fixtures.runbook(dir, """
          - wait_for: {port: %d, timeout: 5}
            environment: {PATH: "%s"}
          - wait_for: {port: 1, state: stopped, timeout: 5}
            environment: {PATH: "%s"}
          """.formatted(open.getLocalPort(), tools("bash"), tools("bash")));
      Command run = Command.run("apply", inventory.toString(), book.toString());
      assertEquals(0, run.exitCode(), run.toString());
    }
  }

  /** A directory of links to the tools a host's shell needs, plus {@code extra}: a PATH without the rest. */
  private String tools(String extra) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin-" + extra));
    for (String tool : new String[] {"sh", "mktemp", "cat", "rm", "base64", "sed", "tr", "timeout", "date", "sleep", "grep", "stat", "awk", "tail", "head", "sha1sum", "sha256sum",
        "cut", "wc", "chmod", "chown", "mv", "cp", "id", extra}) {
      Path link = bin.resolve(tool);
      if (Files.notExists(link)) {
        Files.createSymbolicLink(link, Path.of("/usr/bin", tool).toRealPath());
      }
    }
    return bin.toString();
  }

  @Test
  void aPostIsAChangeThatCheckModeSkipsAndApplySends() throws IOException {
    Path book = Fixtures.runbook(dir, """
        - uri: {url: "%s/api", method: POST, body_format: json, body: {name: app}, status_code: [201], dest: "{{ root }}/reply.json"}
        """.formatted(base));
    Command check = Command.run("apply", "--check", inventory.toString(), book.toString());
    assertEquals(0, check.exitCode(), check.toString());
    assertTrue(Files.notExists(dir.resolve("reply.json")), "check mode sent the POST");
    Command apply = Command.run("apply", inventory.toString(), book.toString());
    assertEquals(0, apply.exitCode(), apply.toString());
    assertEquals(1, apply.changed(), apply.toString());
    assertEquals("{\"method\": \"POST\", \"auth\": \"null\", \"body\": \"{\\\"name\\\":\\\"app\\\"}\"}", Files.readString(dir.resolve("reply.json")));
  }

  @Test
  void aGetIntoDestIsAKnownChangeThenConverged() throws IOException {
    Path book = Fixtures.runbook(dir, """
        - uri: {url: "%s/new", dest: "{{ root }}/page.txt"}
        """.formatted(base));
    var c = new LocalFourStepTest.Case("uri dest", java.util.Map.of(), "", 1);
    LocalFourStepTest.fourSteps(c, 1, () -> Snapshot.of(dir), inventory.toString(), book.toString());
    assertEquals("the new site\n", Files.readString(dir.resolve("page.txt")));
  }

  @Test
  void getUrlFourSteps() throws IOException {
    Files.createDirectories(dir.resolve("dl"));
    Path book = Fixtures.runbook(dir, """
        - get_url: {url: "%1$s/app.txt", dest: "{{ root }}/app.txt", mode: "0640"}
        - get_url: {url: "%1$s/app.txt", dest: "{{ root }}/dl/", checksum: "sha256:%1$s/SUMS"}
        - get_url: {url: "%1$s/secret.txt", dest: "{{ root }}/secret.txt", url_username: ops, url_password: "s3cr'et $(x)"}
        """.formatted(base));
    var c = new LocalFourStepTest.Case("get_url", java.util.Map.of(), "", 3);
    LocalFourStepTest.fourSteps(c, 1, () -> Snapshot.of(dir), inventory.toString(), book.toString());
    assertEquals("app v1\n", Files.readString(dir.resolve("dl/app.txt")));
    assertEquals("secret\n", Files.readString(dir.resolve("secret.txt")));
    Files.delete(dir.resolve("secret.txt"));
    Command again = Command.run("apply", "--diff", inventory.toString(), book.toString());
    assertEquals(1, again.changed(), again.toString());
    assertFalse(again.out().contains("s3cr") || again.err().contains("s3cr"), again.toString());
    assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("app.txt"))));
  }

  /**
   * force over an existing dest: check mode cannot know and says so; the apply is ok while the
   * server sends the same bytes, and replaces dest (keeping a backup) once it sends others. A
   * checksum the download does not match fails the task and leaves dest as it was.
   */
  @ParameterizedTest
  @ValueSource(strings = {"curl", "wget", "python3"})
  void getUrlForceAndChecksum(String tool) throws IOException {
    Files.writeString(dir.resolve("app.txt"), "app v1\n");
    Path book = Fixtures.runbook(dir, """
        - get_url: {url: "%1$s/app.txt", dest: "{{ root }}/app.txt", force: true, backup: true}
          environment: {PATH: "%2$s"}
          register: g
        - debug: {msg: "{{ g.checksum_src | default('') }} {{ g.backup_file | default('none') }}"}
        """.formatted(base, tools(tool)));
    Command check = Command.run("apply", "--check", inventory.toString(), book.toString());
    assertEquals(0, check.exitCode(), check.toString());
    assertTrue(check.out().contains("only the download tells whether its content differs"), check.toString());
    assertEquals(0, check.changed(), check.toString());
    Command same = Command.run("apply", inventory.toString(), book.toString());
    assertEquals(0, same.exitCode(), same.toString());
    assertEquals(0, same.changed(), same.toString());
    served = "app v2\n";
    Command other = Command.run("apply", inventory.toString(), book.toString());
    assertEquals(0, other.exitCode(), other.toString());
    assertEquals(1, other.changed(), other.toString());
    assertEquals("app v2\n", Files.readString(dir.resolve("app.txt")));
    try (var backups = Files.list(dir)) {
      assertEquals(List.of("app v1\n"), backups.filter(p -> p.getFileName().toString().startsWith("app.txt.")).map(LocalProbesTest::text).toList());
    }
    Path wrong = Fixtures.runbook(dir, """
        - get_url: {url: "%s/app.txt", dest: "{{ root }}/app.txt", checksum: "sha256:%s"}
        """.formatted(base, sha256("app v3\n")));
    Command failed = Command.run("apply", inventory.toString(), wrong.toString());
    assertEquals(2, failed.exitCode(), failed.toString());
    assertTrue(failed.out().contains("did not match"), failed.toString());
    assertEquals("app v2\n", Files.readString(dir.resolve("app.txt")));
  }

  private static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String sha256(String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void waitForAPortThatOpensAfterADelay() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    var opener = Executors.newSingleThreadScheduledExecutor();
    var opened = opener.schedule(() -> new ServerSocket(port, 50, java.net.InetAddress.getLoopbackAddress()), 2, TimeUnit.SECONDS);
    try {
      Path book = Fixtures.runbook(dir, """
          - wait_for: {port: %d, timeout: 20, sleep: 1}
            register: w
          - assert:
              that: ["w.elapsed >= 1"]
          """.formatted(port));
      Command run = Command.run("apply", inventory.toString(), book.toString());
      assertEquals(0, run.exitCode(), run.toString());
    } finally {
      opened.get().close();
      opener.shutdownNow();
    }
  }

  @Test
  void pauseWithoutATerminalFailsSayingSoUnlessYes() throws IOException {
    Path book = Fixtures.runbook(dir, """
        - pause: {prompt: "Cut over now?"}
          register: p
        - assert:
            that: ["p.user_input == ''"]
        - pause: {seconds: 1}
          register: s
        - assert:
            that: ["s.delta >= 1", "s.stdout == 'Paused for 1 seconds'"]
        """);
    Command asked = Command.run("apply", inventory.toString(), book.toString());
    assertEquals(2, asked.exitCode(), asked.toString());
    assertTrue(asked.out().contains("cannot ask 'Cut over now?': there is no terminal to ask at (--yes answers every prompt)"), asked.toString());
    Command yes = Command.run("apply", "--yes", inventory.toString(), book.toString());
    assertEquals(0, yes.exitCode(), yes.toString());
  }

  private static void reply(com.sun.net.httpserver.HttpExchange x, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", type);
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
    x.close();
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
