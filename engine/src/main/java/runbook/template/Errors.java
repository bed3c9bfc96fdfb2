package runbook.template;

import com.hubspot.jinjava.interpret.TemplateError.ErrorType;

/** Turns what Jinjava reports into one-sentence {@link TemplateError}s. */
final class Errors {
  private Errors() {}

  /** Our own error, if Jinjava caught and wrapped one while evaluating. */
  static TemplateError ours(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof TemplateError error) {
        return error;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  /** Jinjava reports some real failures (unknown filter, bad property) only as warnings. */
  static boolean fatalWarning(com.hubspot.jinjava.interpret.TemplateError error) {
    return error.getSeverity() == ErrorType.WARNING && error.getReason() != null
        && switch (error.getReason()) {
          case SYNTAX_ERROR, EXCEPTION, INVALID_ARGUMENT, INVALID_INPUT, MISSING -> true;
          default -> false;
        };
  }

  static TemplateError from(String source, com.hubspot.jinjava.interpret.TemplateError error) {
    return from(source, error.getMessage());
  }

  static TemplateError from(String source, Throwable thrown) {
    TemplateError ours = ours(thrown);
    return ours != null ? ours : from(source, thrown.getMessage());
  }

  private static String sentence(String message) {
    String text = message == null ? "unknown error" : message.strip();
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline).strip();
  }

  static TemplateError from(String source, String message) {
    return new TemplateError("cannot render '" + shorten(source) + "': " + sentence(message));
  }

  private static String shorten(String source) {
    String oneLine = source.strip().replace('\n', ' ');
    return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
  }
}
