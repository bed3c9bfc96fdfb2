package runbook.template;

import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Ansible's filters of strings, numbers and dates: ternary, split, comment, human_readable, strftime... */
final class TextFilters {
  private TextFilters() {}

  /** Ansible's size units, largest first. */
  private static final List<String> UNITS = List.of("Y", "Z", "E", "P", "T", "G", "M", "K", "B");
  private static final Pattern HUMAN = Pattern.compile("^\\s*(\\d*\\.?\\d*)\\s*([A-Za-z]+)?");
  private static final Pattern URL = Pattern.compile("^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?://([^/?#]*))?([^?#]*)(?:\\?([^#]*))?(?:#(.*))?$", Pattern.DOTALL);

  static void into(Map<String, Filters.Body> ours) {
    ours.put("ternary", TextFilters::ternary);
    ours.put("type_debug", (v, a) -> typeDebug(v));
    ours.put("split", TextFilters::split);
    ours.put("comment", TextFilters::comment);
    ours.put("human_readable", TextFilters::humanReadable);
    ours.put("human_to_bytes", TextFilters::humanToBytes);
    ours.put("strftime", TextFilters::strftime);
    ours.put("to_datetime", TextFilters::toDatetime);
    ours.put("urlsplit", TextFilters::urlsplit);
    ours.put("urlencode", TextFilters::urlencode);
    ours.put("urldecode", (v, a) -> URLDecoder.decode(Python.str(v), StandardCharsets.UTF_8));
    ours.put("log", TextFilters::log);
    ours.put("pow", (v, a) -> Math.pow(number(v, "pow"), number(a.get(0, "y", null), "pow")));
    ours.put("root", (v, a) -> root(number(v, "root"), number(a.get(0, "base", 2), "root")));
    ours.put("b64encode", (v, a) -> Base64.getEncoder().encodeToString(Python.str(v).getBytes(charset(a))));
    ours.put("b64decode", TextFilters::b64decode);
    ours.put("bool", (v, a) -> v == null ? null : Python.toBool(v));
  }

  private static Object ternary(Object value, Args args) {
    Object none = args.get(2, "none_val", null);
    if (value == null && none != null) {
      return none;
    }
    return Python.truthy(value) ? args.get(0, "true_val", null) : args.get(1, "false_val", null);
  }

  /** The Python class name Ansible would print (its own names for strings, dicts and lists of variables). */
  private static String typeDebug(Object value) {
    return value instanceof Integer || value instanceof Long ? "int" : Numbers.typeName(value);
  }

  /** Python's str.split: on whitespace runs without a separator, else on each separator; maxsplit as Python. */
  private static Object split(Object value, Args args) {
    String text = Python.str(value);
    String separator = args.string(0, "sep", null);
    int max = Filters.integer(args.get(1, "maxsplit", -1));
    List<Object> parts = new ArrayList<>();
    if (separator == null) {
      String rest = text.stripLeading();
      while (!rest.isEmpty()) {
        if (max >= 0 && parts.size() == max) {
          parts.add(rest.stripTrailing());
          break;
        }
        int end = 0;
        while (end < rest.length() && !Character.isWhitespace(rest.charAt(end))) {
          end++;
        }
        parts.add(rest.substring(0, end));
        rest = rest.substring(end).stripLeading();
      }
      return parts;
    }
    if (separator.isEmpty()) {
      throw new TemplateError("split: empty separator");
    }
    int from = 0;
    for (int at = text.indexOf(separator); at >= 0 && (max < 0 || parts.size() < max); at = text.indexOf(separator, from)) {
      parts.add(text.substring(from, at));
      from = at + separator.length();
    }
    parts.add(text.substring(from));
    return parts;
  }

  /** Ansible's comment filter, its styles and its decoration parameters. */
  private static Object comment(Object value, Args args) {
    String style = args.string(0, "style", "plain");
    Map<String, String> styles = Map.of("plain", "# ", "erlang", "% ", "c", "// ", "cblock", " * ", "xml", " - ");
    if (!styles.containsKey(style)) {
      throw new TemplateError("comment: unknown style '" + style + "' (plain, erlang, c, cblock or xml)");
    }
    String decoration = Python.str(args.named().getOrDefault("decoration", styles.get(style)));
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("newline", "\n");
    p.put("beginning", style.equals("cblock") ? "/*" : style.equals("xml") ? "<!--" : "");
    p.put("prefix", decoration.stripTrailing());
    p.put("prefix_count", 1);
    p.put("postfix", decoration.stripTrailing());
    p.put("postfix_count", 1);
    p.put("end", style.equals("cblock") ? " */" : style.equals("xml") ? "-->" : "");
    p.put("decoration", decoration);
    p.putAll(args.named());
    String newline = Python.str(p.get("newline"));
    String deco = Python.str(p.get("decoration"));
    String prefix = Python.str(p.get("prefix"));
    String text = Python.str(value);
    StringBuilder out = new StringBuilder();
    if (!Python.str(p.get("beginning")).isEmpty()) {
      out.append(p.get("beginning")).append(newline);
    }
    if (!prefix.isEmpty()) {
      out.append((prefix.equals(newline) ? newline : prefix + newline).repeat(Filters.integer(p.get("prefix_count"))));
    }
    out.append((deco + text.replace(newline, newline + deco)).replace(deco + newline, deco.stripTrailing() + newline));
    for (int i = 0; i < Filters.integer(p.get("postfix_count")); i++) {
      out.append(newline).append(p.get("postfix"));
    }
    if (!Python.str(p.get("end")).isEmpty()) {
      out.append(newline).append(p.get("end"));
    }
    return out.toString();
  }

  /** Jinja's urlencode: a string quoted with '/' kept, a dict or pairs as a query string. */
  private static Object urlencode(Object value, Args args) {
    if (value instanceof CharSequence s) {
      return quote(s.toString(), "/", false);
    }
    Iterable<?> pairs = value instanceof Map<?, ?> map ? map.entrySet().stream().map(e -> List.of(e.getKey(), e.getValue())).toList() : Filters.list(value, "urlencode");
    List<String> parts = new ArrayList<>();
    for (Object pair : pairs) {
      List<Object> kv = Filters.list(pair, "urlencode");
      parts.add(quote(Python.str(kv.get(0)), "", true) + "=" + quote(Python.str(kv.get(1)), "", true));
    }
    return String.join("&", parts);
  }

  /** Python's urllib quote (quote_plus for a query string): UTF-8 bytes, letters, digits and _.-~ kept. */
  private static String quote(String text, String safe, boolean plus) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c < 128 && (Character.isLetterOrDigit(c) || "_.-~".indexOf(c) >= 0)) || (c < 128 && safe.indexOf(c) >= 0)) {
        out.append(c);
      } else if (plus && c == ' ') {
        out.append('+');
      } else {
        out.append(String.format(Locale.ROOT, "%%%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  private static double number(Object value, String filter) {
    if (value instanceof Number n && !(value instanceof Boolean)) {
      return n.doubleValue();
    }
    throw new TemplateError(filter + "() can only be used on numbers, got '" + Numbers.typeName(value) + "'");
  }

  private static Object log(Object value, Args args) {
    double x = number(value, "log");
    Object base = args.get(0, "base", null);
    return base == null ? Math.log(x) : Math.log(x) / Math.log(number(base, "log"));
  }

  private static double root(double x, double base) {
    return base == 2 ? Math.sqrt(x) : Math.pow(x, 1.0 / base);
  }

  private static Charset charset(Args args) {
    String name = args.string(0, "encoding", "utf-8");
    try {
      return Charset.forName(name.replace('_', '-').replaceFirst("(?i)^(utf-(?:16|32))-", "$1"));
    } catch (IllegalArgumentException e) {
      throw new TemplateError("unknown encoding: " + name);
    }
  }

  private static Object b64decode(Object value, Args args) {
    try {
      return new String(Base64.getMimeDecoder().decode(Python.str(value).strip()), charset(args));
    } catch (IllegalArgumentException e) {
      throw new TemplateError("b64decode: the input is not valid base64");
    }
  }

  /** Ansible's bytes_to_human: two decimals and the largest unit the size reaches (or the unit asked). */
  private static Object humanReadable(Object value, Args args) {
    double size = number(value, "human_readable");
    boolean bits = args.flag(0, "isbits");
    String unit = args.string(1, "unit", null);
    String suffix = "B";
    for (String candidate : UNITS) {
      suffix = candidate;
      if (unit == null ? size >= limit(candidate) : unit.toUpperCase(Locale.ROOT).startsWith(candidate)) {
        break;
      }
    }
    String name = suffix.equals("B") ? (bits ? "bits" : "Bytes") : suffix + (bits ? "b" : "B");
    return String.format(Locale.ROOT, "%.2f %s", size / limit(suffix), name);
  }

  private static double limit(String unit) {
    return Math.pow(1024, UNITS.size() - 1 - UNITS.indexOf(unit));
  }

  /** Ansible's human_to_bytes: a number and a unit (K, KB, kilobytes...), rounded as Python rounds. */
  private static Object humanToBytes(Object value, Args args) {
    String text = Python.str(value);
    String defaultUnit = args.string(0, "default_unit", null);
    boolean bits = args.flag(1, "isbits");
    Matcher m = HUMAN.matcher(text);
    TemplateError bad = new TemplateError("human_to_bytes() can't interpret following string: " + text);
    if (!m.find() || m.group(1).isEmpty() || m.group(1).equals(".")) {
      throw bad;
    }
    double number = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? defaultUnit : m.group(2);
    if (unit == null) {
      return Numbers.narrow((long) Math.rint(number));
    }
    String key = unit.substring(0, 1).toUpperCase(Locale.ROOT);
    if (!UNITS.contains(key)) {
      throw bad;
    }
    String unitClass = bits ? "b" : "B";
    if (unit.length() > 1 && !unit.toLowerCase(Locale.ROOT).contains(bits ? "bit" : "byte") && unit.charAt(1) != unitClass.charAt(0)) {
      throw bad;
    }
    return Numbers.narrow((long) Math.rint(number * limit(key)));
  }

  private static Object strftime(Object value, Args args) {
    Object second = args.get(0, "second", null);
    ZoneId zone = args.flag(1, "utc") ? ZoneOffset.UTC : ZoneId.systemDefault();
    Instant at;
    if (second == null) {
      at = Instant.now();
    } else {
      double seconds;
      try {
        seconds = second instanceof Number n ? n.doubleValue() : Double.parseDouble(Python.str(second));
      } catch (NumberFormatException e) {
        throw new TemplateError("Invalid value for epoch value (" + Python.str(second) + ")");
      }
      at = Instant.ofEpochSecond((long) Math.floor(seconds));
    }
    return format(Python.str(value), ZonedDateTime.ofInstant(at, zone));
  }

  /** Python's strftime directives over a Java date and time (the C locale's names). */
  static String format(String pattern, ZonedDateTime t) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c != '%' || i + 1 == pattern.length()) {
        out.append(c);
        continue;
      }
      char d = pattern.charAt(++i);
      out.append(switch (d) {
        case 'Y' -> String.valueOf(t.getYear());
        case 'y' -> two(t.getYear() % 100);
        case 'm' -> two(t.getMonthValue());
        case 'd' -> two(t.getDayOfMonth());
        case 'e' -> String.format(Locale.ROOT, "%2d", t.getDayOfMonth());
        case 'H' -> two(t.getHour());
        case 'I' -> two(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12);
        case 'M' -> two(t.getMinute());
        case 'S' -> two(t.getSecond());
        case 'f' -> String.format(Locale.ROOT, "%06d", t.getNano() / 1000);
        case 'p' -> t.getHour() < 12 ? "AM" : "PM";
        case 'j' -> String.format(Locale.ROOT, "%03d", t.getDayOfYear());
        case 'a' -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
        case 'A' -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        case 'b', 'h' -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
        case 'B' -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        case 'u' -> String.valueOf(t.getDayOfWeek().getValue());
        case 'w' -> String.valueOf(t.getDayOfWeek().getValue() % 7);
        case 's' -> String.valueOf(t.toEpochSecond());
        case 'z' -> t.getOffset().getId().equals("Z") ? "+0000" : t.getOffset().getId().replace(":", "");
        case 'Z' -> t.getZone().getId().equals("Z") ? "UTC" : t.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
        case 'F' -> format("%Y-%m-%d", t);
        case 'T' -> format("%H:%M:%S", t);
        case 'D' -> format("%m/%d/%y", t);
        case 'R' -> format("%H:%M", t);
        case 'c' -> format("%a %b %e %H:%M:%S %Y", t);
        case 'x' -> format("%m/%d/%y", t);
        case 'X' -> format("%H:%M:%S", t);
        case 'n' -> "\n";
        case 't' -> "\t";
        case '%' -> "%";
        default -> "%" + d;
      });
    }
    return out.toString();
  }

  private static String two(int n) {
    return String.format(Locale.ROOT, "%02d", n);
  }

  private static Object toDatetime(Object value, Args args) {
    String format = args.string(0, "format", "%Y-%m-%d %H:%M:%S");
    return PyDateTime.parse(Python.str(value), format);
  }

  /** Python's urlsplit, its fields as Ansible's urlsplit filter gives them (or the one asked). */
  private static Object urlsplit(Object value, Args args) {
    String url = Python.str(value);
    Matcher m = URL.matcher(url);
    if (!m.matches()) {
      throw new TemplateError("urlsplit: cannot split '" + url + "'");
    }
    String netloc = m.group(2) == null ? "" : m.group(2);
    String userinfo = netloc.contains("@") ? netloc.substring(0, netloc.lastIndexOf('@')) : null;
    String hostport = netloc.substring(netloc.lastIndexOf('@') + 1);
    String host = hostport.startsWith("[") ? hostport.substring(1, Math.max(1, hostport.indexOf(']'))) : hostport.replaceFirst(":[^:]*$", "");
    String portText = hostport.startsWith("[") ? hostport.replaceFirst("^\\[[^]]*\\]:?", "") : hostport.contains(":") ? hostport.substring(hostport.lastIndexOf(':') + 1) : "";
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("fragment", m.group(5) == null ? "" : m.group(5));
    fields.put("hostname", host.isEmpty() ? null : host.toLowerCase(Locale.ROOT));
    fields.put("netloc", netloc);
    fields.put("password", userinfo == null || !userinfo.contains(":") ? null : userinfo.substring(userinfo.indexOf(':') + 1));
    fields.put("path", m.group(3));
    try {
      fields.put("port", portText.isEmpty() ? null : Integer.valueOf(portText));
    } catch (NumberFormatException e) {
      throw new TemplateError("urlsplit: port could not be cast to integer value as '" + portText + "'");
    }
    fields.put("query", m.group(4) == null ? "" : m.group(4));
    fields.put("scheme", m.group(1) == null ? "" : m.group(1).toLowerCase(Locale.ROOT));
    fields.put("username", userinfo == null ? null : userinfo.replaceFirst(":.*", ""));
    String query = args.string(0, "query", "");
    if (query.isEmpty()) {
      return fields;
    }
    if (!fields.containsKey(query)) {
      throw new TemplateError("urlsplit: unknown URL component: " + query);
    }
    return fields.get(query);
  }
}
