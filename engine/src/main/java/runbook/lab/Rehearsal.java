package runbook.lab;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import runbook.connect.ConnectOptions;
import runbook.connect.Connections;
import runbook.load.Loaded;
import runbook.load.Loader;
import runbook.load.Problem;
import runbook.model.Host;
import runbook.report.Console;
import runbook.report.ConsoleReport;
import runbook.report.Redactor;
import runbook.run.ModuleRegistry;
import runbook.run.Outcome;
import runbook.run.RunEvent;
import runbook.run.RunListener;
import runbook.run.RunOptions;
import runbook.run.Runner;
import runbook.run.Status;
import runbook.secret.Secrets;
import runbook.template.Templar;

/**
 * A migration scenario rehearsed on fresh lab hosts named as its inventory names them: lab up,
 * seed (the old server as the write-up found it), then each phase checked, applied and applied
 * again, verify, lab down. A scenario is a folder of runbooks named after the phases, with
 * {@code lab/seed.yml} and, optionally, {@code lab/vars.yml} (values that differ in the lab, such as
 * a shorter quiet time); its inventory is the one for real servers, and the lab only replaces how
 * each host is reached.
 *
 * <p>Check-mode truth is measured, not assumed: the tasks a check run reports as changed (or
 * depending on an earlier simulated change) must be the tasks the following apply changes, apart
 * from the steps the check run said it cannot predict.
 */
public final class Rehearsal {
  /** The phases a scenario may have, in the order they are rehearsed; verify is applied once. */
  static final List<String> PHASES = List.of("prepare", "cutover", "verify", "rollback", "decommission");
  static final String VERIFY = "verify";

  /** What the caller checks on the hosts after a phase, by its own means (an assertion error fails the rehearsal). */
  public interface HostChecks {
    void after(String phase, Lab lab) throws Exception;
  }

  /**
   * One phase's runs: the task keys ("host: task (file:line)") each run changed.
   *
   * @param predicted what the check run reported as changed or depending on an earlier change
   * @param unpredictable what the check run said only running can tell
   * @param applied what the apply changed
   * @param again what the second apply changed (nothing, when the phase is idempotent)
   * @param problem why the phase failed, or null
   */
  public record PhaseResult(
      String phase, Set<String> predicted, Set<String> unpredictable, Set<String> applied, Set<String> again, String problem,
      long millis) {
    /**
     * Every change of the apply was predicted, or announced as unpredictable, and every prediction
     * came true (for verify, applied once: nothing changed).
     */
    public boolean truthful() {
      Set<String> expected = new LinkedHashSet<>(applied);
      expected.removeAll(unpredictable);
      return expected.equals(predicted);
    }

    public boolean passed() {
      return problem == null && truthful() && again.isEmpty();
    }
  }

  /** A rehearsal's phases as far as they went; it passed when every phase ran and passed. */
  public record Result(List<PhaseResult> phases, boolean passed) {
    public Result {
      phases = List.copyOf(phases);
    }

    public PhaseResult phase(String name) {
      return phases.stream().filter(p -> p.phase().equals(name)).findFirst().orElseThrow();
    }
  }

  private final String name;
  private final Path folder;
  private final Path inventory;
  private final List<String> phases;
  private final List<String> hosts;

  private Rehearsal(String name, Path folder, Path inventory, List<String> phases, List<String> hosts) {
    this.name = name;
    this.folder = folder;
    this.inventory = inventory;
    this.phases = phases;
    this.hosts = hosts;
  }

  /**
   * The scenario in {@code folder}, with its inventory for real servers.
   *
   * @throws IllegalArgumentException naming what is missing or invalid
   */
  public static Rehearsal of(Path folder, Path inventory) {
    if (!Files.isRegularFile(folder.resolve("lab/seed.yml"))) {
      throw new IllegalArgumentException(folder + " is no scenario: it has no lab/seed.yml");
    }
    List<String> phases = PHASES.stream().filter(p -> Files.isRegularFile(folder.resolve(p + ".yml"))).toList();
    if (phases.isEmpty()) {
      throw new IllegalArgumentException(folder + " has none of the phases " + String.join(", ", PHASES));
    }
    // every runbook is checked with the inventory before a host is made
    List<Path> books = new ArrayList<>(List.of(folder.resolve("lab/seed.yml")));
    phases.forEach(p -> books.add(folder.resolve(p + ".yml")));
    Loaded loaded = loader().load(inventory, books, List.of());
    if (!loaded.problems().isEmpty()) {
      Problem first = loaded.problems().get(0);
      throw new IllegalArgumentException((first.location() == null ? "" : first.location() + ": ") + first.message());
    }
    List<String> hosts = loaded.inventory().hosts().stream().map(Host::name).toList();
    return new Rehearsal(folder.getFileName().toString(), folder, inventory, phases, hosts);
  }

  /** The inventory's host names: the lab hosts this rehearsal brings up. */
  public List<String> hosts() {
    return hosts;
  }

  /**
   * Rehearses on hosts added to the machine's lab (or a new lab in {@code labDir}), logs and the
   * lab inventory in {@code workDir}; prints a verdict per phase to {@code out}; removes the hosts.
   */
  public Result run(Path labDir, Path workDir, PrintWriter out, HostChecks checks) {
    List<PhaseResult> results = new ArrayList<>();
    boolean[] passed = {false};
    long start = System.nanoTime();
    out.println("REHEARSAL " + name + " (logs in " + workDir + ")");
    Lab lab = Lab.add(hosts, labDir, line -> {});
    try {
      StringBuilder addresses = new StringBuilder();
      lab.hosts().forEach(h -> addresses.append(' ').append(h.name()).append('=').append(h.address()));
      verdict(out, "lab up", "ok", addresses.toString().strip(), start);
      Path labInventory = writeInventory(lab, workDir.resolve("inventory"));
      long seedStart = System.nanoTime();
      Run seed = apply(labInventory, folder.resolve("lab/seed.yml"), false, workDir.resolve("seed.log"));
      verdict(out, "seed", seed.exit() == 0 ? "ok" : "FAILED", seed.changed().size() + " changed" + seed.why(workDir), seedStart);
      if (seed.exit() != 0) {
        return new Result(results, false);
      }
      for (String phase : phases) {
        PhaseResult result = phase(phase, labInventory, workDir);
        results.add(result);
        report(out, result);
        if (result.problem() == null) {
          checks.after(phase, lab);
        }
        if (!result.passed()) {
          return new Result(results, false);
        }
      }
      passed[0] = true;
      return new Result(results, true);
    } catch (Exception e) {
      throw new IllegalStateException("the rehearsal of " + name + " stopped: " + e.getMessage(), e);
    } finally {
      long downStart = System.nanoTime();
      lab.remove();
      verdict(out, "lab down", "ok", "", downStart);
      verdict(out, "rehearsal", passed[0] ? "PASSED" : "FAILED", name, start);
      out.flush();
    }
  }

  private PhaseResult phase(String phase, Path labInventory, Path workDir) {
    long start = System.nanoTime();
    Path book = folder.resolve(phase + ".yml");
    if (phase.equals(VERIFY)) {
      Run verify = apply(labInventory, book, false, workDir.resolve("verify.log"));
      return new PhaseResult(phase, Set.of(), Set.of(), verify.changed(), Set.of(), verify.problem(workDir), millis(start));
    }
    Run check = apply(labInventory, book, true, workDir.resolve(phase + "-check.log"));
    if (check.exit() != 0) {
      return new PhaseResult(phase, check.changed(), check.unpredictable(), Set.of(), Set.of(), check.problem(workDir), millis(start));
    }
    Run apply = apply(labInventory, book, false, workDir.resolve(phase + "-apply.log"));
    if (apply.exit() != 0) {
      return new PhaseResult(phase, check.changed(), check.unpredictable(), apply.changed(), Set.of(), apply.problem(workDir), millis(start));
    }
    Run again = apply(labInventory, book, false, workDir.resolve(phase + "-again.log"));
    return new PhaseResult(phase, check.changed(), unpredictable(check, apply), apply.changed(), again.changed(), again.problem(workDir),
        millis(start));
  }

  /**
   * What the check run could not predict: the steps it said so of, and the handlers the apply ran
   * on a host where such a step was (a step that is skipped in check mode notifies nothing there).
   */
  private static Set<String> unpredictable(Run check, Run apply) {
    Set<String> all = new LinkedHashSet<>(check.unpredictable());
    for (String applied : apply.changed()) {
      String host = applied.substring(0, applied.indexOf(": "));
      if (applied.startsWith(host + ": handler ") && !check.changed().contains(applied)
          && check.unpredictable().stream().anyMatch(u -> u.startsWith(host + ": "))) {
        all.add(applied);
      }
    }
    return all;
  }

  private static void report(PrintWriter out, PhaseResult r) {
    String counts = r.phase().equals(VERIFY)
        ? r.applied().size() + " changed"
        : "check " + r.predicted().size() + " changed + " + r.unpredictable().size() + " unpredictable; apply "
            + r.applied().size() + " changed; again " + r.again().size() + " changed"
            + (r.truthful() ? "; check told the truth" : "; CHECK DID NOT TELL THE TRUTH");
    String verdict = r.passed() ? "ok" : "FAILED";
    out.printf("%-12s %-6s %s (%.1f s)%n", r.phase(), verdict, counts + (r.problem() == null ? "" : "; " + r.problem()),
        r.millis() / 1000.0);
    if (r.phase().equals(VERIFY)) {
      return;
    }
    Set<String> rows = new LinkedHashSet<>(r.predicted());
    rows.addAll(r.unpredictable());
    rows.addAll(r.applied());
    int width = rows.stream().mapToInt(String::length).max().orElse(0) + 2;
    out.printf("    %-" + width + "s %s%n", "check", "apply");
    for (String row : rows) {
      String left = r.predicted().contains(row) ? row : r.unpredictable().contains(row) ? "(unpredictable) " + row : "-";
      out.printf("    %-" + width + "s %s%n", left, r.applied().contains(row) ? row : "-");
    }
    r.again().forEach(row -> out.println("    changed again: " + row));
  }

  private static void verdict(PrintWriter out, String step, String word, String detail, long start) {
    out.printf("%-12s %-6s %s (%.1f s)%n", step, word, detail, millis(start) / 1000.0);
    out.flush();
  }

  private static long millis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /**
   * The lab's inventory: the scenario's own, with each host reached at its lab address as root with
   * the lab's key (host_vars/ beat inline values) and the scenario's lab values (group_vars/all).
   */
  private Path writeInventory(Lab lab, Path dir) throws IOException {
    Files.createDirectories(dir.resolve("host_vars"));
    Files.createDirectories(dir.resolve("group_vars"));
    Files.copy(inventory, dir.resolve("scenario.yml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    for (Lab.LabHost h : lab.hosts()) {
      StringBuilder vars = new StringBuilder("# the lab's way to reach " + h.name() + "\n");
      for (Map.Entry<String, Object> v : lab.connectionVars(h, "root").entrySet()) {
        vars.append(v.getKey()).append(": '").append(String.valueOf(v.getValue()).replace("'", "''")).append("'\n");
      }
      Files.writeString(dir.resolve("host_vars/" + h.name() + ".yml"), vars, StandardCharsets.UTF_8);
    }
    Path labVars = folder.resolve("lab/vars.yml");
    if (Files.isRegularFile(labVars)) {
      Files.copy(labVars, dir.resolve("group_vars/all.yml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return dir;
  }

  /** One run's changes as task keys, and its exit code. */
  private record Run(int exit, Set<String> changed, Set<String> unpredictable, Path log) {
    /** Null when it went well, else where to look, with the log's last lines (CI keeps no work directory). */
    String problem(Path workDir) {
      if (exit == 0) {
        return null;
      }
      List<String> lines;
      try {
        lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        lines = List.of("(cannot read the log: " + e.getMessage() + ")");
      }
      return "exit " + exit + ", see " + workDir.relativize(log) + ", which ends:\n        "
          + String.join("\n        ", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    String why(Path workDir) {
      return exit == 0 ? "" : "; " + problem(workDir);
    }
  }

  private static Loader loader() {
    ModuleRegistry modules = ModuleRegistry.load();
    return new Loader(modules::spec, modules.names(), Templar::new, Secrets.none());
  }

  /** Runs one runbook through the engine, its console output into {@code log}, its outcomes recorded. */
  private static Run apply(Path inventory, Path runbook, boolean check, Path log) {
    ModuleRegistry modules = ModuleRegistry.load();
    Secrets secrets = Secrets.none();
    Templar templar = new Templar().tracking(secrets);
    try (PrintWriter file = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
      Loaded loaded = new Loader(modules::spec, modules.names(), () -> templar, secrets).load(inventory, List.of(runbook), List.of());
      if (!loaded.problems().isEmpty()) {
        loaded.problems().forEach(p -> file.println(p.location() + ": " + p.message()));
        return new Run(3, Set.of(), Set.of(), log);
      }
      Set<String> changed = new LinkedHashSet<>();
      Set<String> unpredictable = new LinkedHashSet<>();
      Redactor redactor = new Redactor(secrets);
      RunListener record = event -> {
        if (event instanceof RunEvent.HostFinished f) {
          String key = f.host() + ": " + (f.task().handler() ? "handler " : "") + label(f.task());
          Outcome o = f.outcome();
          if (check && o.foresight() == Outcome.Foresight.UNKNOWN) {
            unpredictable.add(key);
          } else if (o.status() == Status.CHANGED) {
            changed.add(key);
          }
        }
      };
      RunOptions options = new RunOptions(check, check, null, Set.of(), Set.of(), 50, false, 0, true).answering(true);
      int exit;
      try (Connections connections = new Connections(ConnectOptions.defaults().persisting(java.time.Duration.ZERO))) {
        exit = new Runner(modules, templar, connections, options,
            RunListener.all(List.of(new ConsoleReport(new Console(file, redactor), 0), record)))
            .run(loaded.inventory(), loaded.runbooks(), loaded.extraVars());
      }
      return new Run(exit, changed, unpredictable, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + log, e);
    }
  }

  private static String label(RunEvent.TaskInfo task) {
    String name = task.name() != null && !task.name().isBlank() ? task.name() : task.module();
    return name + " (" + task.at().file().getFileName() + ":" + task.at().line() + ")";
  }
}
