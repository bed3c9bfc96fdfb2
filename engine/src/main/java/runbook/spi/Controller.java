package runbook.spi;

/** The controller side of a call: runbook files and expressions over the current host's variables. */
public interface Controller {
  /**
   * Reads a file on the controller as Ansible finds it: an absolute path as is, otherwise the
   * runbook's {@code subdir} (files/ or templates/), then the runbook's own directory.
   *
   * @throws ModuleFailure naming the places looked in when it is not found
   */
  byte[] readFile(String subdir, String path);

  /** Renders text as a template with the current host's variables. */
  String render(String template);

  /** Evaluates one Jinja expression (no braces), returning its native value. */
  Object evaluate(String expression);

  /** Evaluates a conditional as {@code when:} does. */
  boolean test(String condition);
}
