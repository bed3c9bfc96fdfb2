package runbook.modules.probes;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import runbook.spi.Args;
import runbook.spi.Command;
import runbook.spi.Shell;

/**
 * An HTTP request as uri or get_url's arguments describe it, made on the host by curl, wget or
 * python3 (the first present). The whole request (URL, headers, body, credentials) travels on
 * stdin, never on a command line.
 */
public record Request(String url, String method, Map<String, String> headers, String body, boolean follow, List<Integer> codes,
    Args args) {
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern METHOD = Pattern.compile("[A-Z]+");
  /** The guard's margin over the request's own timeout. */
  private static final int GUARD_SECONDS = 15;

  /** The request by urllib, printing what the curl branch prints (status lines, headers), the body into the file argv[1]. */
  private static final String PYTHON = """
      import base64, json, shutil, ssl, sys, urllib.error, urllib.request
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
          with open(sys.argv[1], "wb") as out:
              shutil.copyfileobj(r, out)
          status = r.status or 200
          print("== meta\\nstatus=%d\\nurl=%s\\nredirected=%s" % (status, r.geturl(), r.geturl() != spec["url"]))
          print("== head\\nHTTP/1.1 %d %s" % (status, r.reason))
          for k, v in r.headers.items():
              print("%s: %s" % (k, v))
      except Exception as e:
          print("== meta\\nstatus=-1\\nerror=%s" % str(getattr(e, "reason", e)).replace("\\n", " "))
      """;

  /**
   * The shell function {@code fetch FILE}: makes the request read from {@code $d/in} ({@code $d}
   * a private temporary directory), the body into FILE, and prints the meta lines and the final
   * response's headers. curl reads the request as its config, which ignores the comment lines
   * wget's config ({@code #wget}) and python3 ({@code #json}) are taken from.
   */
  private static final String FETCH = """
      fetch() {
        if command -v curl >/dev/null 2>&1; then
          curl -q -K "$d/in" -sS -o "$1" -D "$d/head" -w 'status=%{http_code}\\nurl=%{url_effective}\\nredirects=%{num_redirects}\\n' > "$d/meta" 2> "$d/err"
          rc=$?
          echo "== meta"
          if [ "$rc" -ne 0 ]; then echo "status=-1"; echo "error=$(tr '\\n' ' ' < "$d/err")"; return 0; fi
          cat "$d/meta"
          echo "== head"
          cat "$d/head"
        elif command -v wget >/dev/null 2>&1; then
          sed -n 's/^#wget //p' "$d/in" > "$d/rc"
          sed -n 's/^#url //p' "$d/in" > "$d/url"
          if grep -q '^#body ' "$d/in"; then
            sed -n 's/^#body //p' "$d/in" | base64 -d > "$d/request"
            echo "body_file = $d/request" >> "$d/rc"
          fi
          WGETRC="$d/rc" wget -S -O "$1" -i "$d/url" 2> "$d/err"
          echo "== meta"
          status=$(sed -n 's#^  HTTP/[0-9.]* \\([0-9]*\\).*#\\1#p' "$d/err" | tail -n 1)
          if [ -z "$status" ]; then echo "status=-1"; echo "error=$(grep -v '^--' "$d/err" | tr '\n' ' ')"; return 0; fi
          hops=$(grep -c '^  HTTP/' "$d/err")
          echo "status=$status"
          echo "redirects=$((hops - 1))"
          if [ "$hops" -gt 1 ]; then echo "url=$(sed -n 's/^  [Ll]ocation: //p' "$d/err" | tail -n 1)"; else echo "url=$(cat "$d/url")"; fi
          echo "== head"
          sed -n 's/^  //p' "$d/err"
        elif command -v python3 >/dev/null 2>&1; then
          python3 -c "$py" "$1" < "$d/in"
        else
          echo "$module needs curl, wget or python3 on the host" >&2
          return 4
        fi
      }
      """;

  /** The request into a private temporary directory {@code $d}, removed at exit; the umask it had kept as {@code $umask_was}. */
  private static final String PRELUDE = """
      umask_was=$(umask)
      umask 077
      d=$(mktemp -d) || exit 1
      trap 'rm -rf "$d"' EXIT
      cat > "$d/in"
      """;

  /** uri's request, with the method, body and status codes its arguments give. */
  public static Request of(Args args) {
    String method = args.str("method").toUpperCase(Locale.ROOT);
    if (!METHOD.matcher(method).matches()) {
      throw new IllegalArgumentException("'" + args.str("method") + "' is not an HTTP method");
    }
    var headers = headers(args);
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
    return checked(new Request(args.str("url"), method, headers, body, follows, List.copyOf(codes), args));
  }

  /** A GET of {@code url} that follows redirects, expecting 200, with the headers and credentials the arguments give (get_url). */
  public static Request get(Args args, String url) {
    return checked(new Request(url, "GET", headers(args), null, true, List.of(200), args));
  }

  private static Request checked(Request request) {
    var values = new LinkedHashMap<String, String>();
    values.put("url", request.url);
    values.put("url_username", request.args.str("url_username"));
    values.put("url_password", request.args.str("url_password"));
    values.forEach((name, value) -> {
      if (value != null && value.chars().anyMatch(c -> c == '\n' || c == '\r')) {
        throw new IllegalArgumentException(name + " cannot hold a line break");
      }
    });
    if (request.args.has("url_password") && !request.args.has("url_username")) {
      throw new IllegalArgumentException("url_password needs url_username");
    }
    return request;
  }

  private static Map<String, String> headers(Args args) {
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
    return headers;
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

  /** uri's command: the response in one reply, the body last in base64. */
  Command command() {
    return script("uri", """
        fetch "$d/body" || exit
        echo "== body"
        [ ! -f "$d/body" ] || base64 -w0 < "$d/body"
        echo
        """);
  }

  /**
   * A command that runs {@code then} after a prelude which reads the request from stdin into
   * {@code $d/in} and defines {@code fetch FILE} (see {@link #FETCH}); {@code $d} is removed at exit.
   * With the request's timeout and a margin.
   *
   * @param module the module's name, for the message when the host has none of the clients
   */
  public Command script(String module, String then) {
    return Command.script("py=" + Shell.quote(PYTHON) + "\nmodule=" + module + "\n" + PRELUDE + FETCH + then)
        .withStdin(stdin())
        .within(Duration.ofSeconds(args.integer("timeout") + GUARD_SECONDS));
  }

  /** The request: curl's config lines, the same as one JSON line for python3, and as wgetrc lines. */
  private String stdin() {
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
    return config.toString();
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
