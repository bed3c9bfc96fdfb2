package runbook.load;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import runbook.model.Host;
import runbook.model.Inventory;

/** Ansible host patterns over an inventory. */
public final class HostPatterns {
  /** What Ansible gives a localhost the inventory does not list. */
  static final Host IMPLICIT_LOCALHOST = new Host("localhost", Map.of("ansible_connection", "local"), List.of());

  private HostPatterns() {}

  /**
   * Ansible host patterns: all, *, group, host, a:b (union, also comma), a:&b (intersection), a:!b
   * (exclusion), wildcards (web*, *.example.org), ~regex. Unions are taken first, then intersections,
   * then exclusions, whatever their order in the pattern, as Ansible does; a pattern of only
   * intersections and exclusions starts from all. The result is in inventory order. "localhost"
   * resolves to the implicit localhost (ansible_connection=local) when the inventory lacks it; it is
   * not part of "all". An unknown name yields no host (the caller warns).
   */
  public static List<Host> select(Inventory inventory, String pattern) {
    String[] terms = pattern.split(pattern.contains(",") ? "," : ":");
    Set<String> union = new LinkedHashSet<>();
    boolean regular = false;
    List<String> intersections = new ArrayList<>();
    List<String> exclusions = new ArrayList<>();
    for (String raw : terms) {
      String term = raw.strip();
      if (term.startsWith("&")) {
        intersections.add(term.substring(1));
      } else if (term.startsWith("!")) {
        exclusions.add(term.substring(1));
      } else if (!term.isEmpty()) {
        regular = true;
        union.addAll(match(inventory, term));
      }
    }
    if (!regular) {
      union.addAll(match(inventory, "all"));
    }
    intersections.forEach(term -> union.retainAll(match(inventory, term)));
    exclusions.forEach(term -> match(inventory, term).forEach(union::remove));
    List<Host> selected = new ArrayList<>(inventory.hosts().stream().filter(h -> union.contains(h.name())).toList());
    if (union.contains(IMPLICIT_LOCALHOST.name()) && inventory.host(IMPLICIT_LOCALHOST.name()) == null) {
      selected.add(IMPLICIT_LOCALHOST);
    }
    return selected;
  }

  /** The terms of a pattern that name no host and no group (a typo, as like as not), in order. */
  public static List<String> unknownTerms(Inventory inventory, String pattern) {
    List<String> unknown = new ArrayList<>();
    for (String raw : pattern.split(pattern.contains(",") ? "," : ":")) {
      String term = raw.strip().replaceFirst("^[&!]", "");
      if (!term.isEmpty() && !inventory.groups().containsKey(term) && match(inventory, term).isEmpty()) {
        unknown.add(term);
      }
    }
    return unknown;
  }

  /** Host names one term names, in inventory order; may include the implicit localhost. */
  private static Set<String> match(Inventory inventory, String term) {
    Set<String> names = new LinkedHashSet<>();
    if (term.equals("all") || term.equals("*")) {
      inventory.hosts().forEach(h -> names.add(h.name()));
      return names;
    }
    Predicate<String> matches = matcher(term);
    inventory.groups().forEach((group, hosts) -> {
      if (matches.test(group)) {
        names.addAll(hosts);
      }
    });
    inventory.hosts().stream().map(Host::name).filter(matches).forEach(names::add);
    if (term.equals(IMPLICIT_LOCALHOST.name())) {
      names.add(term);
    }
    return names;
  }

  private static Predicate<String> matcher(String term) {
    if (term.startsWith("~")) {
      try {
        Pattern regex = Pattern.compile(term.substring(1));
        return name -> regex.matcher(name).lookingAt();
      } catch (PatternSyntaxException e) {
        return name -> false;
      }
    }
    if (term.contains("*") || term.contains("?") || term.contains("[")) {
      PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + term);
      return name -> !name.contains("/") && glob.matches(Path.of(name));
    }
    return term::equals;
  }
}
