package runbook.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Command;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * Modules a run in a test can use until the real ones are installed: a fact gatherer that only
 * knows service_mgr (added only while no installed module gathers facts), and a package install
 * that plans like apt would, touching "package:NAME". They are found only inside {@link #around}.
 */
final class StandIns {
  private StandIns() {}

  /** Gathers service_mgr only, as the setup module does: systemd when PID 1 is systemd. */
  public static final class Facts implements Module {
    private static final ModuleSpec SPEC = ModuleSpec.of("stand_in_facts").with(ModuleSpec.Trait.GATHERS_FACTS);

    @Override
    public ModuleSpec spec() {
      return SPEC;
    }

    @Override
    public Plan plan(ModuleCall call) {
      String pid1 = call.host().probe(Command.of("cat", "/proc/1/comm")).stdout().strip();
      return Plan.unchanged("facts", Map.of("ansible_facts", Map.of("ansible_service_mgr", pid1.equals("systemd") ? "systemd" : "sysvinit")));
    }
  }

  /** Installs one package with apt-get, always planned as a change that touches "package:NAME". */
  public static final class Package implements Module {
    private static final ModuleSpec SPEC = ModuleSpec.of("stand_in_package", ArgSpec.str("name").required());

    @Override
    public ModuleSpec spec() {
      return SPEC;
    }

    @Override
    public Plan plan(ModuleCall call) {
      String name = call.args().str("name");
      var install = Command.of("apt-get", "install", "-y", name).withEnv(Map.of("DEBIAN_FRONTEND", "noninteractive"));
      return Plan.change("install " + name, List.of(new Action.Run(install)), List.of()).touching("package:" + name);
    }
  }

  /** Runs {@code run} with the stand-ins found by ServiceLoader beside the installed modules. */
  static <T> T around(Path dir, Supplier<T> run) {
    List<String> names = new ArrayList<>(List.of(Package.class.getName()));
    if (ServiceLoader.load(Module.class).stream().noneMatch(p -> p.get().spec().has(ModuleSpec.Trait.GATHERS_FACTS))) {
      names.add(Facts.class.getName());
    }
    Thread thread = Thread.currentThread();
    ClassLoader old = thread.getContextClassLoader();
    try {
      Path root = dir.resolve("stand-ins");
      Path file = root.resolve("META-INF/services/" + Module.class.getName());
      Files.createDirectories(file.getParent());
      Files.write(file, names);
      try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, old)) {
        thread.setContextClassLoader(loader);
        return run.get();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      thread.setContextClassLoader(old);
    }
  }
}
