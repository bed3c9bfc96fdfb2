package runbook.spi;

import java.util.List;

/**
 * One argument of a module. Built fluently: {@code ArgSpec.str("dest").required().alias("path")}.
 *
 * @param choices allowed values for a STR argument; empty means any
 * @param defaultValue used when the argument is absent; null means absent
 * @param mustContain text a STR value must contain (validate's "%s"), checked when the runbook loads
 *     and again once the value is rendered; null for none
 */
public record ArgSpec(
    String name, ArgType type, boolean isRequired, List<String> aliases, List<String> choices, Object defaultValue,
    String mustContain) {
  public ArgSpec {
    aliases = List.copyOf(aliases);
    choices = List.copyOf(choices);
  }

  public ArgSpec(String name, ArgType type, boolean isRequired, List<String> aliases, List<String> choices, Object defaultValue) {
    this(name, type, isRequired, aliases, choices, defaultValue, null);
  }

  public static ArgSpec of(String name, ArgType type) {
    return new ArgSpec(name, type, false, List.of(), List.of(), null);
  }

  public static ArgSpec str(String name) {
    return of(name, ArgType.STR);
  }

  public static ArgSpec mode(String name) {
    return of(name, ArgType.MODE);
  }

  public static ArgSpec bool(String name) {
    return of(name, ArgType.BOOL);
  }

  public static ArgSpec integer(String name) {
    return of(name, ArgType.INT);
  }

  public static ArgSpec list(String name) {
    return of(name, ArgType.LIST);
  }

  public static ArgSpec dict(String name) {
    return of(name, ArgType.DICT);
  }

  public static ArgSpec raw(String name) {
    return of(name, ArgType.RAW);
  }

  public ArgSpec required() {
    return new ArgSpec(name, type, true, aliases, choices, defaultValue, mustContain);
  }

  public ArgSpec alias(String... more) {
    return new ArgSpec(name, type, isRequired, List.of(more), choices, defaultValue, mustContain);
  }

  public ArgSpec choices(String... allowed) {
    return new ArgSpec(name, type, isRequired, aliases, List.of(allowed), defaultValue, mustContain);
  }

  public ArgSpec defaultsTo(Object value) {
    return new ArgSpec(name, type, isRequired, aliases, choices, value, mustContain);
  }

  public ArgSpec containing(String text) {
    return new ArgSpec(name, type, isRequired, aliases, choices, defaultValue, text);
  }

  /** Why {@code value} (a STR argument's, as written or rendered) does not fit, as in "must contain %s". */
  public java.util.Optional<String> problem(String value) {
    return mustContain == null || value.contains(mustContain)
        ? java.util.Optional.empty()
        : java.util.Optional.of("must contain " + mustContain);
  }
}
