package runbook.spi;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A command for the host: an argument list, quoted word by word and never parsed by a shell, or a
 * shell script run as written (the shell module). Environment variables, stdin, a working
 * directory and a time limit go with it, so that no value ever needs splicing into a command line:
 * a password travels on stdin, not in argv where {@code ps} shows it. Build with the factories.
 *
 * @param stdin what the command reads, or null for nothing
 * @param env variables set for this command only, sorted by name
 * @param timeout how long it may run before it is killed and fails, or null for no limit
 */
public record Command(List<String> argv, String script, String chdir, String stdin, Map<String, String> env, Duration timeout) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public Command {
    if ((argv == null) == (script == null)) {
      throw new IllegalArgumentException("a command needs either an argument list or a script, not both or neither");
    }
    if (argv != null && argv.isEmpty()) {
      throw new IllegalArgumentException("a command needs at least one word to run");
    }
    argv = argv == null ? null : List.copyOf(argv);
    for (String name : env.keySet()) {
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("'" + name + "' cannot be the name of an environment variable");
      }
    }
    env = Collections.unmodifiableMap(new TreeMap<>(env));
  }

  public static Command of(String... argv) {
    return of(List.of(argv));
  }

  public static Command of(List<String> argv) {
    return new Command(argv, null, null, null, Map.of(), null);
  }

  public static Command script(String script) {
    return new Command(null, script, null, null, Map.of(), null);
  }

  /** Runs in {@code directory} (null: the login directory). */
  public Command in(String directory) {
    return new Command(argv, script, directory, stdin, env, timeout);
  }

  public Command withStdin(String input) {
    return new Command(argv, script, chdir, input, env, timeout);
  }

  /** These variables added; a name set already is given the new value. */
  public Command withEnv(Map<String, String> more) {
    Map<String, String> all = new TreeMap<>(env);
    all.putAll(more);
    return new Command(argv, script, chdir, stdin, all, timeout);
  }

  /** The runbook's {@code environment:} under the command's own variables: a module's DEBIAN_FRONTEND stays. */
  public Command underEnv(Map<String, String> outer) {
    Map<String, String> all = new TreeMap<>(outer);
    all.putAll(env);
    return new Command(argv, script, chdir, stdin, all, timeout);
  }

  public Command within(Duration limit) {
    return new Command(argv, script, chdir, stdin, env, limit);
  }

  /** How the command reads in a result or a message: the argument list joined, or the script. */
  public String display() {
    return argv != null ? String.join(" ", argv) : script;
  }
}
