package runbook.report;

import java.io.StringWriter;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The run as JUnit XML, so that CI systems list failures natively: one test suite per play, one
 * test case per host and task (class name the host, name the task and where it is written).
 * Failed is a failure, unreachable an error, skipped skipped; what changed is the case's output.
 */
final class JUnitReport {
  private JUnitReport() {}

  static String render(RunReport report) {
    StringWriter text = new StringWriter();
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuites");
      xml.writeAttribute("name", "runbook");
      for (RunReport.Play play : report.plays()) {
        suite(xml, play);
      }
      xml.writeEndElement();
      xml.writeEndDocument();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("writing XML to a string cannot fail", e);
    }
    return text + "\n";
  }

  private static void suite(XMLStreamWriter xml, RunReport.Play play) throws XMLStreamException {
    long tests = play.tasks().stream().mapToLong(t -> t.results().size()).sum();
    long failures = count(play, "failed");
    long errors = count(play, "unreachable");
    long skipped = count(play, "skipped");
    long millis = play.tasks().stream().flatMap(t -> t.results().stream()).mapToLong(RunReport.Result::millis).sum();
    xml.writeCharacters("\n  ");
    xml.writeStartElement("testsuite");
    attribute(xml, "name", play.name() + " (" + play.at() + ")");
    xml.writeAttribute("tests", Long.toString(tests));
    xml.writeAttribute("failures", Long.toString(failures));
    xml.writeAttribute("errors", Long.toString(errors));
    xml.writeAttribute("skipped", Long.toString(skipped));
    xml.writeAttribute("time", seconds(millis));
    for (RunReport.Task task : play.tasks()) {
      for (RunReport.Result r : task.results()) {
        testcase(xml, task, r);
      }
    }
    xml.writeCharacters("\n  ");
    xml.writeEndElement();
  }

  private static long count(RunReport.Play play, String status) {
    return play.tasks().stream().flatMap(t -> t.results().stream())
        .filter(r -> r.status().equals(status) && !r.ignored()).count();
  }

  private static void testcase(XMLStreamWriter xml, RunReport.Task task, RunReport.Result r) throws XMLStreamException {
    xml.writeCharacters("\n    ");
    xml.writeStartElement("testcase");
    attribute(xml, "classname", r.host());
    attribute(xml, "name", task.name() + " (" + task.at() + ")");
    xml.writeAttribute("time", seconds(r.millis()));
    String message = r.message() == null ? r.status() : r.message();
    String element = switch (r.status()) {
      case "failed" -> r.ignored() ? null : "failure";
      case "unreachable" -> "error";
      case "skipped" -> "skipped";
      default -> null;
    };
    if (element != null) {
      xml.writeStartElement(element);
      attribute(xml, "message", message.lines().findFirst().orElse(""));
      if (!element.equals("skipped")) {
        characters(xml, message);
      }
      xml.writeEndElement();
    }
    String out = output(r);
    if (!out.isEmpty()) {
      xml.writeStartElement("system-out");
      characters(xml, out);
      xml.writeEndElement();
    }
    xml.writeEndElement();
  }

  /** status and foresight, the message, and the diffs: what a reader of a changed case wants. */
  private static String output(RunReport.Result r) {
    if (r.status().equals("ok") && r.message() == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(r.status().toUpperCase(Locale.ROOT));
    if (!r.foresight().equals("none")) {
      out.append(" (").append(r.foresight()).append(')');
    }
    if (r.message() != null) {
      out.append(": ").append(r.message());
    }
    out.append('\n');
    out.append(r.allChanges().map(c -> c.diff() != null ? c.diff() : "+" + c.added() + " -" + c.removed() + " in " + c.path() + "\n")
        .collect(Collectors.joining()));
    return out.toString();
  }

  private static void attribute(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
    xml.writeAttribute(name, legal(value));
  }

  private static void characters(XMLStreamWriter xml, String value) throws XMLStreamException {
    xml.writeCharacters(legal(value));
  }

  /** XML 1.0 cannot hold most control characters, nor lone surrogates (a file's bytes that were not UTF-8). */
  private static String legal(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints().forEach(c -> {
      boolean ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
      if (ok) {
        out.appendCodePoint(c);
      } else {
        out.append(String.format("\\x%02X", c & 0xFF));
      }
    });
    return out.toString();
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
  }
}
