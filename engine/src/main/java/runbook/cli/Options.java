package runbook.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The command-line model, built in code rather than read from annotations: picocli's reflection
 * over annotated classes costs a short run more than everything else it does.
 */
final class Options {
  private Options() {}

  /** A command whose user object is {@code command}, with -h/--help and -V/--version. */
  static CommandSpec command(String name, String description, Object command) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(name);
    spec.usageMessage().description(description);
    spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help message and exit.").build());
    spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).description("Print version information and exit.").build());
    return spec;
  }

  /** An option that is on or off. */
  static OptionSpec flag(CommandSpec spec, String description, String... names) {
    return add(spec, OptionSpec.builder(names).type(boolean.class).description(description).build());
  }

  /** An option without a value that may be given again and again (-v, -vv, -vvv). */
  static OptionSpec count(CommandSpec spec, String description, String name) {
    return add(spec, OptionSpec.builder(name).type(boolean[].class).arity("0").description(description).build());
  }

  /** An option with one value of {@code type}; null when not given and without a default. */
  static OptionSpec value(CommandSpec spec, Class<?> type, String label, String defaultValue, String description, String... names) {
    OptionSpec.Builder b = OptionSpec.builder(names).type(type).defaultValue(defaultValue).description(description);
    return add(spec, (label == null ? b : b.paramLabel(label)).build());
  }

  /** A repeatable option collecting strings, each occurrence split at {@code split} (a regex) when not null. */
  static OptionSpec strings(CommandSpec spec, String label, String split, String description, String... names) {
    OptionSpec.Builder b = OptionSpec.builder(names).type(List.class).auxiliaryTypes(String.class).paramLabel(label).description(description);
    return add(spec, (split == null ? b : b.splitRegex(split)).build());
  }

  /**
   * A positional parameter at {@code index} ("0", "1..*"): one required value, or when {@code
   * element} is given, a list of any length of them.
   */
  static PositionalParamSpec positional(CommandSpec spec, String index, Class<?> type, Class<?> element, String label, String description) {
    PositionalParamSpec.Builder b = PositionalParamSpec.builder().index(index).type(type).paramLabel(label).description(description);
    PositionalParamSpec p = (element == null ? b.arity("1").required(true) : b.auxiliaryTypes(element).arity("0..*")).build();
    spec.addPositional(p);
    return p;
  }

  /** Whether a flag was given. */
  static boolean on(OptionSpec flag) {
    return Boolean.TRUE.equals(flag.getValue());
  }

  /** The values an option or parameter collected; empty when it was not given. */
  static <T> List<T> list(picocli.CommandLine.Model.ArgSpec arg) {
    List<T> values = arg.getValue();
    return values == null ? List.of() : values;
  }

  private static OptionSpec add(CommandSpec spec, OptionSpec option) {
    spec.addOption(option);
    return option;
  }
}
