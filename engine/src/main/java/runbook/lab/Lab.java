package runbook.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Real Debian hosts on this machine for rehearsals and integration tests: each with its own
 * filesystem (overlay on a cached base), network, PID and UTS namespaces and sshd, on a private
 * bridge with no route out. The work is done by the bundled {@code lab.sh}; it needs root.
 */
public final class Lab {
  /** A lab host: its inventory name and its address on the lab bridge. */
  public record LabHost(String name, String address) {}

  private final Path workDir;
  private final List<LabHost> hosts;

  private Lab(Path workDir, List<LabHost> hosts) {
    this.workDir = workDir;
    this.hosts = hosts;
  }

  /**
   * Builds the base on first use (minutes; cached after), clears what an earlier lab left, and
   * brings up hosts h1..hN. Progress lines go to standard error.
   *
   * @throws IllegalStateException with the script's reason when the lab cannot be brought up
   */
  public static Lab up(int n, Path workDir) {
    return up(n, workDir, System.err::println);
  }

  public static Lab up(int n, Path workDir, Consumer<String> progress) {
    List<LabHost> hosts = new ArrayList<>();
    for (String line : run(progress, "up", Integer.toString(n), workDir.toAbsolutePath().toString())) {
      String[] f = line.split(" ");
      hosts.add(new LabHost(f[0], f[1]));
    }
    return new Lab(workDir.toAbsolutePath(), List.copyOf(hosts));
  }

  /**
   * Brings up hosts with these names beside those of the lab already running on this machine (its
   * key and known_hosts are theirs too), or in a new lab in {@code workDir} when none runs: the
   * hosts a scenario's inventory names, fresh, while other users of the lab keep theirs.
   *
   * @throws IllegalStateException with the script's reason, e.g. a name already taken
   */
  public static Lab add(List<String> names, Path workDir, Consumer<String> progress) {
    List<String> args = new ArrayList<>(List.of("add", workDir.toAbsolutePath().toString()));
    args.addAll(names);
    List<String> out = run(progress, args.toArray(String[]::new));
    Path dir = Path.of(out.get(0).substring("workdir ".length()));
    List<LabHost> hosts = new ArrayList<>();
    for (String line : out.subList(1, out.size())) {
      String[] f = line.split(" ");
      hosts.add(new LabHost(f[0], f[1]));
    }
    return new Lab(dir, List.copyOf(hosts));
  }

  /** Stops this lab's hosts only; the last host of the machine's lab takes its network with it. */
  public void remove() {
    List<String> args = new ArrayList<>(List.of("remove"));
    hosts.forEach(h -> args.add(h.name()));
    run(System.err::println, args.toArray(String[]::new));
  }

  /** Stops every lab host on this machine, unmounts their filesystems, removes their network. */
  public static void downAll() {
    run(System.err::println, "down");
  }

  public void down() {
    downAll();
  }

  /** Kills the SSH sessions of one host (its sshd keeps listening): a connection lost mid-command. */
  public void killSessions(String host) {
    run(System.err::println, "kill-sessions", host);
  }

  public List<LabHost> hosts() {
    return hosts;
  }

  /** An Ansible YAML inventory of the hosts of {@link #up}, logging in as root with the lab's key. */
  public Path inventory() {
    return workDir.resolve("inventory.yml");
  }

  public Path privateKey() {
    return workDir.resolve("id_ed25519");
  }

  /** The hosts' keys; the controller's own ~/.ssh/known_hosts is never touched. */
  public Path knownHosts() {
    return workDir.resolve("known_hosts");
  }

  /** The connection variables the inventory gives a host, for code that connects without it. */
  public Map<String, Object> connectionVars(LabHost host, String user) {
    return Map.of(
        "ansible_host", host.address(),
        "ansible_user", user,
        "ansible_ssh_private_key_file", privateKey().toString(),
        "ansible_ssh_common_args", "-o UserKnownHostsFile=" + knownHosts());
  }

  /** Runs lab.sh; returns its stdout lines, streams its stderr to {@code progress}. */
  private static List<String> run(Consumer<String> progress, String... args) {
    Path script = null;
    try {
      script = Files.createTempFile("runbook-lab", ".sh");
      try (InputStream in = Lab.class.getResourceAsStream("lab.sh")) {
        Files.write(script, in.readAllBytes());
      }
      List<String> command = new ArrayList<>(List.of("bash", script.toString()));
      command.addAll(List.of(args));
      Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      List<String> lastError = new ArrayList<>();
      CompletableFuture<Void> err = CompletableFuture.runAsync(() -> lines(p.getErrorStream(), line -> {
        lastError.add(line);
        progress.accept(line);
      }));
      List<String> out = new ArrayList<>();
      lines(p.getInputStream(), out::add);
      err.join();
      if (p.waitFor() != 0) {
        String why = lastError.isEmpty() ? "lab.sh " + args[0] + " failed" : lastError.get(lastError.size() - 1);
        throw new IllegalStateException(why.replaceFirst("^lab: ", ""));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run the lab script: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running the lab script", e);
    } finally {
      if (script != null) {
        try {
          Files.deleteIfExists(script);
        } catch (IOException e) {
          // a leftover temporary file is harmless
        }
      }
    }
  }

  private static void lines(InputStream in, Consumer<String> sink) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      r.lines().forEach(sink);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
