package runbook.modules.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static runbook.modules.Calls.args;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.Calls;
import runbook.modules.FakeController;
import runbook.modules.AnsweringHost;
import runbook.modules.FakeHost;
import runbook.modules.PlanText;
import runbook.spi.Action;
import runbook.spi.CommandResult;
import runbook.spi.Plan;

/** uri: what the host's helper printed in, Ansible's registered values out (elapsed left out: it is a measurement). */
class UriPlanTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("converged: a GET answers 200", args("url", "http://app/"), FakeHost.empty(),
            reply("status=200\nurl=http://app/\nredirects=0\n", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Multi: a\r\nX-Multi: b\r\n\r\n", "hi\n"),
            "ok: GET http://app/ answered 200\n"
                + "  data {content_type=text/html, msg=OK (3 bytes), redirected=false, status=200, url=http://app/, x_multi=a, b}\n"),
        Arguments.of("a redirect not followed: its 302 and Location", args("url", "http://old/", "follow_redirects", "none", "status_code", List.of(302)),
            FakeHost.empty(),
            reply("status=302\nurl=http://old/\nredirects=0\n", "HTTP/1.1 302 Found\r\nLocation: http://new.example.org/\r\n\r\n", ""),
            "ok: GET http://old/ answered 302\n  data {location=http://new.example.org/, msg=OK (0 bytes), redirected=false, status=302, url=http://old/}\n"),
        Arguments.of("a redirect followed: the last response's headers", args("url", "http://old/"), FakeHost.empty(),
            reply("status=200\nurl=http://new/\nredirects=1\n", "HTTP/1.1 302 Found\r\nLocation: http://new/\r\n\r\nHTTP/1.1 200 OK\r\nServer: x\r\n\r\n", "n"),
            "ok: GET http://old/ answered 200\n  data {msg=OK (1 bytes), redirected=true, server=x, status=200, url=http://new/}\n"),
        Arguments.of("return_content with JSON", args("url", "http://api/", "return_content", true), FakeHost.empty(),
            reply("status=200\nurl=http://api/\nredirected=False\n", "HTTP/1.1 200 OK\nContent-Type: application/json\n", "{\"up\": true}"),
            "ok: GET http://api/ answered 200\n  data {content={\"up\": true}, content_type=application/json, json={up=true}, msg=OK (12 bytes), redirected=false, status=200, url=http://api/}\n"),
        Arguments.of("a HEAD has no body, though curl --head writes the headers there", args("url", "http://app/", "method", "HEAD", "return_content", true),
            FakeHost.empty(), reply("status=200\nurl=http://app/\nredirects=0\n", "HTTP/1.1 200 OK\r\nContent-Length: 19\r\n\r\n", "HTTP/1.1 200 OK\r\n"),
            "ok: HEAD http://app/ answered 200\n  data {content=, content_length=19, msg=OK (0 bytes), redirected=false, status=200, url=http://app/}\n"),
        Arguments.of("a status not listed fails in Ansible's words", args("url", "http://app/x"), FakeHost.empty(),
            reply("status=404\nurl=http://app/x\nredirects=0\n", "HTTP/1.1 404 Not Found\n", ""),
            "failed: Status code was 404 and not [200]: HTTP Error 404\n"
                + "  data {msg=Status code was 404 and not [200]: HTTP Error 404, redirected=false, status=404, url=http://app/x}\n"),
        Arguments.of("no connection", args("url", "http://down/"), FakeHost.empty(),
            new CommandResult(0, "== meta\nstatus=-1\nerror=curl: (7) Failed to connect\n", ""),
            "failed: Status code was -1 and not [200]: Request failed: curl: (7) Failed to connect\n"
                + "  data {msg=Status code was -1 and not [200]: Request failed: curl: (7) Failed to connect, redirected=false, status=-1, url=http://down/}\n"),
        Arguments.of("a GET into dest is a known change", args("url", "http://app/f", "dest", "/srv/f"), FakeHost.empty().dir("/srv").file("/srv/f", "old\n"),
            reply("status=200\nurl=http://app/f\nredirects=0\n", "HTTP/1.1 200 OK\n", "new\n"),
            "changed: write the body to /srv/f\n  write /srv/f \"new\\n\"\n  diff /srv/f \"old\\n\" -> \"new\\n\"\n"
                + "  data {msg=OK (4 bytes), path=/srv/f, redirected=false, status=200, url=http://app/f}\n"),
        Arguments.of("converged: dest holds the body", args("url", "http://app/f", "dest", "/srv/f"), FakeHost.empty().dir("/srv").file("/srv/f", "new\n"),
            reply("status=200\nurl=http://app/f\nredirects=0\n", "HTTP/1.1 200 OK\n", "new\n"),
            "ok: /srv/f already holds the body\n  data {msg=OK (4 bytes), path=/srv/f, redirected=false, status=200, url=http://app/f}\n"),
        Arguments.of("the host has neither curl nor python3", args("url", "http://app/"), FakeHost.empty(),
            new CommandResult(4, "", "uri needs curl, wget or python3 on the host\n"), "failed: uri needs curl, wget or python3 on the host\n"),
        Arguments.of("a header name that is not one", args("url", "http://app/", "headers", Map.of("a b", "x")), FakeHost.empty(), null,
            "failed: 'a b' cannot be the name of an HTTP header\n"),
        Arguments.of("a header value with a line break", args("url", "http://app/", "headers", Map.of("X", "a\nEvil: 1")), FakeHost.empty(), null,
            "failed: the value of header X cannot hold a line break\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Map<String, Object> args, FakeHost files, CommandResult answer, String expected) {
    var host = new AnsweringHost(files, c -> answer);
    Plan plan = Calls.plan(new UriModule(), args, host, FakeController.empty(), true);
    assertEquals(expected, PlanText.of(plan).replaceAll("elapsed=\\d+, ", ""));
  }

  @Test
  void aPostIsUnpredictableAndSendsItsBodyOnStdinNotInTheScript() {
    var host = new AnsweringHost(FakeHost.empty(), c -> {
      throw new AssertionError("a POST is never sent while planning");
    });
    var plan = (Plan.Change) Calls.plan(new UriModule(), args("url", "http://app/api", "method", "post", "body_format", "json",
        "body", Map.of("token", "t0p s3cret"), "url_username", "ops", "url_password", "pa\"ss"), host, FakeController.empty(), true);
    assertEquals("unpredictable: send POST http://app/api", PlanText.of(plan).lines().findFirst().orElseThrow());
    var command = ((Action.Run) plan.actions().get(0)).command();
    assertFalse(command.script().contains("s3cret") || command.script().contains("pa\\\"ss"), command.script());
    assertTrue(command.stdin().contains("data-raw = \"{\\\"token\\\":\\\"t0p s3cret\\\"}\"\n"), command.stdin());
    assertTrue(command.stdin().contains("user = \"ops:pa\\\"ss\"\n"), command.stdin());
    assertTrue(command.stdin().contains("header = \"Content-Type: application/json\"\n"), command.stdin());
  }

  /** A form is encoded as a browser sends it (spaces as +, reserved characters escaped), in the order written. */
  @Test
  void aFormIsUrlEncoded() {
    var host = new AnsweringHost(FakeHost.empty(), c -> {
      throw new AssertionError("a POST is never sent while planning");
    });
    Map<String, Object> form = new java.util.LinkedHashMap<>();
    form.put("user name", "ops & co");
    form.put("next", "/a?b=c");
    var plan = (Plan.Change) Calls.plan(new UriModule(), args("url", "http://app/login", "method", "POST", "body_format", "form-urlencoded",
        "body", form), host, FakeController.empty(), false);
    String stdin = ((Action.Run) plan.actions().get(0)).command().stdin();
    assertTrue(stdin.contains("data-raw = \"user+name=ops+%26+co&next=%2Fa%3Fb%3Dc\"\n"), stdin);
    assertTrue(stdin.contains("header = \"Content-Type: application/x-www-form-urlencoded\"\n"), stdin);
  }

  @Test
  void aHeadIsCurlsHeadAndFollowsSafely() {
    var host = new AnsweringHost(FakeHost.empty(), c -> reply("status=200\nurl=http://a/\nredirects=0\n", "HTTP/1.1 200 OK\n", ""));
    Calls.plan(new UriModule(), args("url", "http://a/", "method", "HEAD", "validate_certs", false, "timeout", 7), host, FakeController.empty(), false);
    String stdin = host.asked.get(0).stdin();
    assertTrue(stdin.startsWith("url = \"http://a/\"\nhead\nlocation\nmax-redirs = 50\ninsecure\nmax-time = 7\n#json {"), stdin);
    assertEquals(7 + 15, host.asked.get(0).timeout().toSeconds());
  }

  private static CommandResult reply(String meta, String head, String body) {
    return new CommandResult(0, "== meta\n" + meta + "== head\n" + head + "== body\n"
        + Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) + "\n", "");
  }
}
