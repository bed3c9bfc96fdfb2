package runbook.modules.packages;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import runbook.spi.FileDiff;
import runbook.spi.Meter;

/**
 * apt's answer to {@code apt-get -s}: the packages it would install, upgrade, remove or purge, one
 * step per {@code Inst}/{@code Remv}/{@code Purg} line ({@code Conf} lines only repeat an Inst).
 */
record Simulation(List<Step> steps, String prepared) {
  private static final Pattern LINE = Pattern.compile("^(Inst|Remv|Purg) (\\S+)(?: \\[([^\\]]*)\\])?(?: \\((\\S+)[^)]*\\))?");
  private static final Pattern SUMMARY = Pattern.compile("^\\d+ upgraded, .*");
  private static final int SHOWN = 6;

  /** One package's change: {@code before} null when it is new, {@code after} null when it goes. */
  record Step(String verb, String name, String before, String after) {
    String shown() {
      return switch (verb) {
        case "Inst" -> name + (before == null ? " " + after : " " + before + " -> " + after);
        default -> name;
      };
    }
  }

  Simulation {
    steps = List.copyOf(steps);
  }

  static Simulation parse(String stdout) {
    List<Step> steps = new ArrayList<>();
    List<String> prepared = new ArrayList<>();
    boolean progress = true;
    for (String line : stdout.split("\n")) {
      // Ansible's diff "prepared": apt's report after its progress lines, up to the counts.
      if (progress && !(line.startsWith("Reading ") || line.startsWith("Building ") || line.startsWith("Calculating "))) {
        progress = false;
      }
      if (!progress && (prepared.isEmpty() || !SUMMARY.matcher(prepared.get(prepared.size() - 1)).matches())) {
        prepared.add(line);
      }
      Matcher m = LINE.matcher(line);
      if (m.find()) {
        String verb = m.group(1);
        steps.add(new Step(verb, m.group(2), m.group(3), verb.equals("Inst") ? m.group(4) : null));
      }
    }
    return new Simulation(steps, String.join("\n", prepared));
  }

  /**
   * How apt-get's run of these steps shows its progress, from the lines it prints (dpkg's among
   * them, in the C locale): the packages fetched (how many is not known: some may be cached),
   * removed, unpacked and set up, of the steps simulated.
   */
  Meter meter() {
    long installs = steps.stream().filter(s -> s.verb().equals("Inst")).count();
    return new Meter(List.of(
        new Meter.Count("fetched", "^Get:[0-9]+ ", 0), new Meter.Count("removed", "^Removing ", steps.size() - installs),
        new Meter.Count("unpacked", "^Unpacking ", installs), new Meter.Count("set up", "^Setting up ", installs)), 0);
  }

  boolean changes() {
    return !steps.isEmpty();
  }

  /** apt's closing count line ("0 upgraded, 0 newly installed, ..."), the reason when nothing changes. */
  static String counts(String stdout) {
    return stdout.lines().filter(l -> SUMMARY.matcher(l).matches()).findFirst().orElse("nothing to do");
  }

  List<String> names() {
    return steps.stream().map(Step::name).distinct().toList();
  }

  /**
   * In words, grouped by what happens: "install chrony 4.3-2, rsync 3.2.7 -> 3.5.0; remove x". The
   * packages asked for ({@code named}, versions allowed) come first; past {@value #SHOWN} a group is
   * counted ("and 113 more"): a check run's later steps quote this, and the diff lists them all.
   */
  String summary(List<String> named) {
    java.util.Set<String> asked = named.stream().map(n -> n.split("[=/]", 2)[0]).collect(Collectors.toSet());
    List<String> parts = new ArrayList<>();
    for (String[] group : new String[][] {{"Inst", "install "}, {"Remv", "remove "}, {"Purg", "purge "}}) {
      List<String> items = steps.stream().filter(s -> s.verb().equals(group[0]))
          .sorted(java.util.Comparator.comparing((Step s) -> !asked.contains(s.name()))).map(Step::shown).toList();
      if (!items.isEmpty()) {
        parts.add(group[1] + String.join(", ", items.subList(0, Math.min(items.size(), SHOWN)))
            + (items.size() > SHOWN ? " and " + (items.size() - SHOWN) + " more" : ""));
      }
    }
    return String.join("; ", parts);
  }

  /**
   * The packages that change, as dpkg would list them before and after ("name version"), sorted:
   * read as a diff, an upgrade is one line replaced, an install one added, a removal one gone; a
   * removal that keeps the configuration files says so.
   */
  FileDiff diff() {
    List<Step> sorted = steps.stream().sorted(java.util.Comparator.comparing(Step::name)).toList();
    StringBuilder before = new StringBuilder();
    StringBuilder after = new StringBuilder();
    for (Step s : sorted) {
      if (s.verb().equals("Purg") && s.before() == null) {
        before.append(s.name()).append(" (configuration files)\n");
      } else if (s.before() != null) {
        before.append(s.name()).append(' ').append(s.before()).append('\n');
      }
      if (s.verb().equals("Inst")) {
        after.append(s.name()).append(' ').append(s.after()).append('\n');
      } else if (s.verb().equals("Remv")) {
        after.append(s.name()).append(" (configuration files)\n");
      }
    }
    return new FileDiff("packages", before.toString(), after.toString());
  }
}
