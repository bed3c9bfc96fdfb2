package runbook.modules.probes;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.Command;
import runbook.spi.CommandResult;
import runbook.spi.FileDiff;
import runbook.spi.FileState;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;
import runbook.spi.Shell;

/**
 * Ansible's uri, on the host with curl, wget or python3 (the first present), or on the controller
 * with {@code delegate_to: localhost}. The whole request (URL, headers, body, credentials) travels
 * on stdin, never on a command line. GET and HEAD are read-only: they really run in check mode and
 * register what Ansible's uri registers; with {@code dest} the body is then written as a planned,
 * known change. Any other method is a change only running can tell, skipped in check mode.
 */
public final class UriModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
          "uri",
          ArgSpec.str("url").required(),
          ArgSpec.str("method").defaultsTo("GET"),
          ArgSpec.raw("body"),
          ArgSpec.str("body_format").choices("raw", "json", "form-urlencoded").defaultsTo("raw"),
          ArgSpec.dict("headers"),
          ArgSpec.list("status_code").defaultsTo(List.of(200)),
          ArgSpec.bool("return_content").defaultsTo(false),
          ArgSpec.str("follow_redirects").choices("all", "none", "safe", "urllib2", "yes", "no").defaultsTo("safe"),
          ArgSpec.integer("timeout").defaultsTo(30),
          ArgSpec.bool("validate_certs").defaultsTo(true),
          ArgSpec.str("dest"),
          ArgSpec.str("url_username").alias("user"),
          ArgSpec.str("url_password").alias("password"),
          ArgSpec.bool("force_basic_auth").defaultsTo(false))
      .inCollection("ansible.builtin")
      .describedAs("Sends an HTTP request from the host (curl, wget or python3) and registers status, headers and body.");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    Request request;
    try {
      request = Request.of(args);
    } catch (IllegalArgumentException e) {
      return Plan.failed(e.getMessage());
    }
    Command command = request.command();
    if (!request.readOnly()) {
      // A POST, PUT or DELETE changes something elsewhere: only sending it tells what.
      var expect = request.codes().stream().map(String::valueOf).collect(Collectors.joining(" "));
      String check = "status=$(sed -n 's/^status=//p' \"$out\")\n"
          + "case \" " + expect + " \" in *\" $status \"*) ;; *) echo \"Status code was $status and not " + request.codes()
          + "\" >&2; exit 1 ;; esac\n";
      String send = "out=$(mktemp) || exit 1\ntrap 'rm -f \"$out\"' EXIT\n(" + command.script() + ") > \"$out\" || exit\n" + check
          + (args.has("dest")
              ? "sed -n '/^== body$/{n;p;}' \"$out\" | base64 -d > " + Shell.quote(args.str("dest")) + "\n"
              : "sed -n '/^== body$/{n;p;}' \"$out\" | base64 -d\n");
      var data = Map.<String, Object>of("url", request.url(), "method", request.method());
      return Plan.unpredictable("send " + request.method() + " " + request.url(),
          List.of(new Action.Run(Command.script(send).withStdin(command.stdin()).within(command.timeout())))).withData(data);
    }
    long started = System.nanoTime();
    CommandResult result = call.host().probe(command);
    long elapsed = Duration.ofNanos(System.nanoTime() - started).toSeconds();
    if (result.rc() != 0) {
      return Plan.failed(result.stderr().isBlank() ? "the request could not be made (status " + result.rc() + ")" : result.stderr().strip());
    }
    Response response = Response.parse(result.stdout(), request.method().equals("HEAD"));
    Map<String, Object> data = response.data(request, args.bool("return_content"));
    data.put("elapsed", elapsed);
    if (!request.codes().contains(response.status())) {
      String msg = "Status code was " + response.status() + " and not " + request.codes() + ": "
          + (response.status() == -1 ? "Request failed: " + response.meta().getOrDefault("error", "") : "HTTP Error " + response.status());
      data.put("msg", msg);
      return Plan.failed(msg, data);
    }
    if (args.has("dest")) {
      return write(call, args.str("dest"), response.body(), data);
    }
    return Plan.unchanged(request.method() + " " + request.url() + " answered " + response.status(), data);
  }

  /** The body into dest, as a known change when it differs from what dest holds. */
  private static Plan write(ModuleCall call, String dest, byte[] body, Map<String, Object> data) {
    FileState current = call.host().read(dest);
    data.put("path", dest);
    if (current.isFile() && Arrays.equals(current.content(), body)) {
      return Plan.unchanged(dest + " already holds the body", data);
    }
    String before = current.isFile() ? new String(current.content(), StandardCharsets.UTF_8) : "";
    var diff = new FileDiff(dest, before, new String(body, StandardCharsets.UTF_8));
    return Plan.change("write the body to " + dest, List.of(new Action.WriteFile(dest, body, null, null, null, false)), List.of(diff))
        .withData(data);
  }

  /** What the host's helper printed: meta lines, the final response's headers, the body. */
  record Response(Map<String, String> meta, Map<String, String> headers, byte[] body) {
    /** @param head the answer to a HEAD, which has no body (curl --head writes the headers where the body goes) */
    static Response parse(String text, boolean head) {
      var meta = new LinkedHashMap<String, String>();
      var headers = new LinkedHashMap<String, String>();
      String section = "";
      StringBuilder body = new StringBuilder();
      for (String raw : text.split("\n", -1)) {
        String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        if (line.startsWith("== ")) {
          section = line.substring(3);
        } else if (section.equals("meta") && line.contains("=")) {
          meta.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        } else if (section.equals("head")) {
          if (line.startsWith("HTTP/")) {
            headers.clear(); // a redirect followed: only the last response's headers count
          } else if (line.contains(":")) {
            String name = line.substring(0, line.indexOf(':')).trim().toLowerCase(Locale.ROOT).replace('-', '_');
            headers.merge(name, line.substring(line.indexOf(':') + 1).trim(), (a, b) -> a + ", " + b);
          }
        } else if (section.equals("body")) {
          body.append(line.trim());
        }
      }
      return new Response(meta, headers, head ? new byte[0] : Base64.getDecoder().decode(body.toString()));
    }

    int status() {
      try {
        return Integer.parseInt(meta.getOrDefault("status", "-1"));
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    /** Ansible's uri result: status, url, redirected, msg, every header lowercased with underscores, content and json. */
    Map<String, Object> data(Request request, boolean returnContent) {
      var data = new LinkedHashMap<String, Object>(headers);
      data.put("status", status());
      data.put("url", meta.getOrDefault("url", request.url()));
      data.put("redirected", meta.containsKey("redirects") ? !meta.get("redirects").equals("0") : "True".equals(meta.get("redirected")));
      data.put("msg", status() == -1 ? meta.getOrDefault("error", "") : "OK (" + body.length + " bytes)");
      if (returnContent) {
        String content = new String(body, StandardCharsets.UTF_8);
        data.put("content", content);
        if (headers.getOrDefault("content_type", "").contains("json")) {
          Object json = Json.parse(content);
          if (json != null) {
            data.put("json", json);
          }
        }
      }
      return data;
    }
  }
}
