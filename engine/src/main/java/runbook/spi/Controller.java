package runbook.spi;

import java.util.List;
import java.util.Optional;

/** The controller side of a call: runbook files and expressions over the current host's variables. */
public interface Controller {
  /**
   * Reads a file on the controller as Ansible finds it: an absolute path as is, otherwise the
   * runbook's {@code subdir} (files/ or templates/), then the runbook's own directory.
   *
   * @throws ModuleFailure naming the places looked in when it is not found
   */
  byte[] readFile(String subdir, String path);

  /**
   * A directory on the controller, found as {@link #readFile} finds a file, with every directory and
   * file below it (links followed), parents before children; empty when {@code path} is no directory.
   *
   * @throws ModuleFailure when something below it cannot be read, or is neither file nor directory
   */
  Optional<List<SourceEntry>> readTree(String subdir, String path);

  /**
   * One path below a directory source.
   *
   * @param path relative to that directory, "/"-separated
   * @param content a file's content, or null for a directory
   */
  record SourceEntry(String path, byte[] content) {
    public boolean isDirectory() {
      return content == null;
    }
  }

  /**
   * Renders the template file {@code src} of the runbook's templates/ as Ansible's template module
   * does: with the options of its {@code #jinja2:} header line, and {@code template_path},
   * {@code template_fullpath}, {@code template_host}, {@code template_uid},
   * {@code template_destpath} and {@code template_run_date} defined.
   */
  default String renderTemplate(String src, String dest) {
    return render(RawText.decode(readFile("templates", src)));
  }

  /** Renders text as a template with the current host's variables. */
  String render(String template);

  /** Evaluates one Jinja expression (no braces), returning its native value. */
  Object evaluate(String expression);

  /** Evaluates a conditional as {@code when:} does. */
  boolean test(String condition);

  /**
   * Asks the person running the run, at the terminal, and returns the line they typed; a task asks
   * once for all its hosts. With {@code --yes} every question is answered at once with an empty line.
   *
   * @param echo false to keep the answer off the screen (a password)
   * @throws ModuleFailure when no one can be asked: no terminal and no {@code --yes}
   */
  default String ask(String prompt, boolean echo) {
    throw new ModuleFailure("cannot ask '" + prompt + "' here: no one is at a terminal (--yes answers every prompt)");
  }
}
