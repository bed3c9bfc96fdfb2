package runbook.spi;

/** Argument types, converted the way Ansible converts them ("yes" is a BOOL true, "0644" a STR). */
public enum ArgType {
  /** A string; numbers and booleans are turned into their text. */
  STR,
  /**
   * A file mode, kept as the text written ({@code 0644}, {@code 644}, {@code u=rw,g=r}): a STR that
   * must be octal digits or a symbolic mode ({@link Modes#problem}), checked before anything runs.
   */
  MODE,
  /** Ansible's booleans: true/false, yes/no, on/off, 1/0, any case. */
  BOOL,
  INT,
  /** A list; a single string becomes a one-item list, a comma-separated string is split. */
  LIST,
  DICT,
  /** An expression, not templated before the module sees it (assert's that, debug's var). */
  EXPRESSION,
  /** Anything, passed through as templated. */
  RAW
}
