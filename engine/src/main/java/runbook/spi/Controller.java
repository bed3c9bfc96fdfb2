package runbook.spi;

import java.util.List;
import java.util.Optional;

/** The controller side of a call: runbook files and expressions over the current host's variables. */
public interface Controller {
  /**
   * Reads a file on the controller as Ansible finds it: an absolute path as is, otherwise the
   * runbook's {@code subdir} (files/ or templates/), then the runbook's own directory.
   *
   * A file ansible-vault encrypted is read decrypted.
   *
   * @throws ModuleFailure naming the places looked in when it is not found
   */
  default byte[] readFile(String subdir, String path) {
    return readFile(subdir, path, true);
  }

  /**
   * @param decrypt false to read a file ansible-vault encrypted as it is, as copy's decrypt: false does
   * @throws ModuleFailure naming the places looked in when it is not found, or when it cannot be decrypted
   */
  byte[] readFile(String subdir, String path, boolean decrypt);

  /**
   * A directory on the controller, found as {@link #readFile} finds a file, with every directory,
   * file and link below it, parents before children; empty when {@code path} is no directory.
   *
   * @param followLinks true to read a link as what it leads to (a directory is walked into), as
   *     copy's local_follow does; a link that leads nowhere stays a link either way
   * @param decrypt as {@link #readFile(String, String, boolean)}
   * @throws ModuleFailure when something below it cannot be read, or is neither file, directory nor link
   */
  Optional<List<SourceEntry>> readTree(String subdir, String path, boolean followLinks, boolean decrypt);

  /**
   * One path below a directory source.
   *
   * @param path relative to that directory, "/"-separated
   * @param content a file's content, or null for a directory or a link
   * @param link a symbolic link's target as it holds it, or null
   */
  record SourceEntry(String path, byte[] content, String link) {
    /** A file, or a directory when {@code content} is null. */
    public SourceEntry(String path, byte[] content) {
      this(path, content, null);
    }

    public boolean isDirectory() {
      return content == null && link == null;
    }

    public boolean isLink() {
      return link != null;
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
