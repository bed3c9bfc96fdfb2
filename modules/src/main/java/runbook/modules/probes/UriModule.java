package runbook.modules.probes;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
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

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern METHOD = Pattern.compile("[A-Z]+");
  /** The guard's margin over the request's own timeout. */
  private static final int GUARD_SECONDS = 15;

  /** The request by urllib, printing what the curl branch prints: status lines, headers, the body in base64. */
  private static final String PYTHON = """
      import base64, json, ssl, sys, urllib.error, urllib.request
      spec = next(json.loads(l[6:]) for l in sys.stdin if l.startswith("#json "))
      class Redirects(urllib.request.HTTPRedirectHandler):
          def redirect_request(self, req, fp, code, msg, headers, newurl):
              return super().redirect_request(req, fp, code, msg, headers, newurl) if spec["follow"] else None
      context = None if spec["validate"] else ssl._create_unverified_context()
      opener = urllib.request.build_opener(Redirects, urllib.request.HTTPSHandler(context=context))
      body = None if spec["body"] is None else spec["body"].encode()
      request = urllib.request.Request(spec["url"], data=body, method=spec["method"], headers=spec["headers"])
      if spec["user"] is not None:
          pair = (spec["user"] + ":" + spec["password"]).encode()
          request.add_header("Authorization", "Basic " + base64.b64encode(pair).decode())
      try:
          try:
              r = opener.open(request, timeout=spec["timeout"])
          except urllib.error.HTTPError as e:
              r = e
          data = r.read()
          print("== meta\\nstatus=%d\\nurl=%s\\nredirected=%s" % (r.status, r.geturl(), r.geturl() != spec["url"]))
          print("== head\\nHTTP/1.1 %d %s" % (r.status, r.reason))
          for k, v in r.headers.items():
              print("%s: %s" % (k, v))
          print("== body\\n" + base64.b64encode(data).decode())
      except Exception as e:
          print("== meta\\nstatus=-1\\nerror=%s" % str(getattr(e, "reason", e)).replace("\\n", " "))
      """;

  /**
   * Request on stdin into a private temporary directory; curl reads it as its config, which ignores
   * the comment lines wget's config ({@code #wget}) and python3 ({@code #json}) are taken from.
   * Then everything in one reply.
   */
  private static final String SCRIPT = """
      umask 077
      d=$(mktemp -d) || exit 1
      trap 'rm -rf "$d"' EXIT
      cat > "$d/in"
      if command -v curl >/dev/null 2>&1; then
        curl -q -K "$d/in" -sS -o "$d/body" -D "$d/head" -w 'status=%{http_code}\\nurl=%{url_effective}\\nredirects=%{num_redirects}\\n' > "$d/meta" 2> "$d/err"
        rc=$?
        echo "== meta"
        if [ "$rc" -ne 0 ]; then echo "status=-1"; echo "error=$(tr '\\n' ' ' < "$d/err")"; exit 0; fi
        cat "$d/meta"
        echo "== head"
        cat "$d/head"
        echo "== body"
        base64 -w0 < "$d/body"
        echo
      elif command -v wget >/dev/null 2>&1; then
        sed -n 's/^#wget //p' "$d/in" > "$d/rc"
        sed -n 's/^#url //p' "$d/in" > "$d/url"
        if grep -q '^#body ' "$d/in"; then
          sed -n 's/^#body //p' "$d/in" | base64 -d > "$d/request"
          echo "body_file = $d/request" >> "$d/rc"
        fi
        WGETRC="$d/rc" wget -S -O "$d/body" -i "$d/url" 2> "$d/err"
        echo "== meta"
        status=$(sed -n 's#^  HTTP/[0-9.]* \\([0-9]*\\).*#\\1#p' "$d/err" | tail -n 1)
        if [ -z "$status" ]; then echo "status=-1"; echo "error=$(grep -v '^--' "$d/err" | tr '\n' ' ')"; exit 0; fi
        hops=$(grep -c '^  HTTP/' "$d/err")
        echo "status=$status"
        echo "redirects=$((hops - 1))"
        if [ "$hops" -gt 1 ]; then echo "url=$(sed -n 's/^  [Ll]ocation: //p' "$d/err" | tail -n 1)"; else echo "url=$(cat "$d/url")"; fi
        echo "== head"
        sed -n 's/^  //p' "$d/err"
        echo "== body"
        base64 -w0 < "$d/body"
        echo
      elif command -v python3 >/dev/null 2>&1; then
        python3 -c "$py" < "$d/in"
      else
        echo "uri needs curl, wget or python3 on the host" >&2
        exit 4
      fi
      """;

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

  /** A request as the module's arguments describe it. */
  private record Request(String url, String method, Map<String, String> headers, String body, boolean follow, List<Integer> codes,
      Args args) {
    static Request of(Args args) {
      String method = args.str("method").toUpperCase(Locale.ROOT);
      if (!METHOD.matcher(method).matches()) {
        throw new IllegalArgumentException("'" + args.str("method") + "' is not an HTTP method");
      }
      var headers = new LinkedHashMap<String, String>();
      args.dict("headers").forEach((name, value) -> {
        if (!TOKEN.matcher(name).matches()) {
          throw new IllegalArgumentException("'" + name + "' cannot be the name of an HTTP header");
        }
        String text = String.valueOf(value);
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
          throw new IllegalArgumentException("the value of header " + name + " cannot hold a line break");
        }
        headers.put(name, text);
      });
      String body = body(args, headers);
      String follow = args.str("follow_redirects");
      boolean safe = method.equals("GET") || method.equals("HEAD");
      boolean follows = follow.equals("all") || follow.equals("yes") || (safe && (follow.equals("safe") || follow.equals("urllib2")));
      List<Integer> codes = new ArrayList<>();
      for (Object code : args.list("status_code")) {
        try {
          codes.add(Integer.parseInt(String.valueOf(code).trim()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("status_code takes numbers; '" + code + "' is not one");
        }
      }
      for (String name : List.of("url", "url_username", "url_password")) {
        if (args.optional(name).orElse("").chars().anyMatch(c -> c == '\n' || c == '\r')) {
          throw new IllegalArgumentException(name + " cannot hold a line break");
        }
      }
      if (args.has("url_password") && !args.has("url_username")) {
        throw new IllegalArgumentException("url_password needs url_username");
      }
      return new Request(args.str("url"), method, headers, body, follows, List.copyOf(codes), args);
    }

    /** The body as body_format says, with the content type it implies unless a header gives one. */
    private static String body(Args args, Map<String, String> headers) {
      Object body = args.raw("body");
      if (body == null) {
        return null;
      }
      boolean typed = headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Content-Type"));
      switch (args.str("body_format")) {
        case "json" -> {
          if (!typed) {
            headers.put("Content-Type", "application/json");
          }
          return body instanceof String text ? text : Json.write(body);
        }
        case "form-urlencoded" -> {
          if (!typed) {
            headers.put("Content-Type", "application/x-www-form-urlencoded");
          }
          if (body instanceof Map<?, ?> form) {
            return form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
          }
          return String.valueOf(body);
        }
        default -> {
          return String.valueOf(body);
        }
      }
    }

    private static String encode(Object value) {
      return URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8);
    }

    boolean readOnly() {
      return method.equals("GET") || method.equals("HEAD");
    }

    /** The request on stdin: curl's config lines, then the same as one JSON line for python3. */
    Command command() {
      var config = new StringBuilder();
      config.append("url = ").append(curlString(url)).append('\n');
      config.append(method.equals("HEAD") ? "head\n" : "request = " + curlString(method) + "\n");
      headers.forEach((name, value) -> config.append("header = ").append(curlString(name + ": " + value)).append('\n'));
      if (body != null) {
        // data-raw, unlike data-binary, never reads a file when the body begins with '@'.
        config.append("data-raw = ").append(curlString(body)).append('\n');
      }
      if (args.has("url_username")) {
        config.append("user = ").append(curlString(args.str("url_username") + ":" + args.optional("url_password").orElse(""))).append('\n');
      }
      if (follow) {
        config.append("location\nmax-redirs = 50\n");
      }
      if (!args.bool("validate_certs")) {
        config.append("insecure\n");
      }
      config.append("max-time = ").append(args.integer("timeout")).append('\n');
      var spec = new LinkedHashMap<String, Object>();
      spec.put("url", url);
      spec.put("method", method);
      spec.put("headers", headers);
      spec.put("body", body);
      spec.put("user", args.str("url_username"));
      spec.put("password", args.optional("url_password").orElse(""));
      spec.put("follow", follow);
      spec.put("validate", args.bool("validate_certs"));
      spec.put("timeout", args.integer("timeout"));
      config.append("#json ").append(Json.write(spec)).append('\n');
      wget(config);
      return Command.script("py=" + Shell.quote(PYTHON) + "\n" + SCRIPT)
          .withStdin(config.toString())
          .within(Duration.ofSeconds(args.integer("timeout") + GUARD_SECONDS));
    }

    /** The request as wgetrc lines (one setting a line, to its end: line breaks were refused) and the URL. */
    private void wget(StringBuilder out) {
      out.append("#url ").append(url).append('\n');
      out.append("#wget method = ").append(method).append('\n');
      headers.forEach((name, value) -> out.append("#wget header = ").append(name).append(": ").append(value).append('\n'));
      if (body != null) {
        out.append("#body ").append(Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8))).append('\n');
      }
      if (args.has("url_username")) {
        out.append("#wget http_user = ").append(args.str("url_username")).append('\n');
        out.append("#wget http_password = ").append(args.optional("url_password").orElse("")).append('\n');
        out.append("#wget auth_no_challenge = on\n");
      }
      out.append("#wget max_redirect = ").append(follow ? 50 : 0).append('\n');
      out.append("#wget check_certificate = ").append(args.bool("validate_certs") ? "on" : "off").append('\n');
      out.append("#wget timeout = ").append(args.integer("timeout")).append("\n#wget tries = 1\n#wget content_on_error = on\n");
    }

    /** A double-quoted string of curl's config syntax. */
    private static String curlString(String value) {
      return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "\"";
    }
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
