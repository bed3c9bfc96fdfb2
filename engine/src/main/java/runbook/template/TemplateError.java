package runbook.template;

/** A template that cannot be rendered; the message is one sentence meant for the user. */
public final class TemplateError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TemplateError(String message) {
    super(message, null, false, false);
  }
}
