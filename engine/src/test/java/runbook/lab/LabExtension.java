package runbook.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.opentest4j.TestAbortedException;

/**
 * Brings the lab up once per test JVM (shared by every test class that uses it, torn down when
 * the run ends) and injects it as a {@link Lab} parameter. When the lab cannot be had (not root,
 * or it fails to build) the tests are skipped with the reason printed, except when {@code CI=true}:
 * then they fail, so CI can never pass by skipping them.
 */
public final class LabExtension implements BeforeAllCallback, TestInstancePreConstructCallback, ParameterResolver {
  /** Hosts in the shared lab; tests that need fewer use the first ones. */
  public static final int HOSTS = 3;

  @Override
  public void beforeAll(ExtensionContext context) {
    shared(context);
  }

  /** Per-class test instances are made before beforeAll; a failure in a parameter would be an error, not a skip. */
  @Override
  public void preConstructTestInstance(TestInstanceFactoryContext factory, ExtensionContext context) {
    shared(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Lab.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return shared(context).lab();
  }

  private static Shared shared(ExtensionContext context) {
    Shared shared = context.getRoot().getStore(ExtensionContext.Namespace.create(LabExtension.class))
        .getOrComputeIfAbsent(Shared.class, k -> Shared.start(), Shared.class);
    if (shared.problem() != null) {
      String reason = "lab tests cannot run: " + shared.problem();
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(reason + " (CI=true: failing instead of skipping)");
      }
      System.err.println("SKIPPED " + context.getDisplayName() + ": " + reason);
      throw new TestAbortedException(reason);
    }
    return shared;
  }

  private record Shared(Lab lab, Path workDir, String problem) implements ExtensionContext.Store.CloseableResource {
    static Shared start() {
      if (!isRoot()) {
        return new Shared(null, null, "they need root (namespaces, mounts and a bridge)");
      }
      Path dir = null;
      try {
        dir = Files.createTempDirectory("runbook-lab");
        return new Shared(Lab.up(HOSTS, dir), dir, null);
      } catch (RuntimeException | IOException e) {
        try {
          Lab.downAll(); // a half-built lab must not outlive the run
        } catch (RuntimeException ignored) {
          // the reason reported is the first failure
        }
        return new Shared(null, dir, "the lab could not be brought up: " + e.getMessage());
      }
    }

    @Override
    public void close() throws IOException {
      if (lab != null) {
        lab.down();
      }
      if (workDir != null) {
        try (Stream<Path> files = Files.walk(workDir)) {
          for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }

    private static boolean isRoot() {
      try {
        return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
      } catch (IOException | UnsupportedOperationException e) {
        return false;
      }
    }
  }
}
