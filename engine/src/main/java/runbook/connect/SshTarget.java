package runbook.connect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import runbook.spi.HostException;
import runbook.spi.ShellWords;

/**
 * Where and how to log in to one host, read from its Ansible connection variables. Two hosts with
 * equal targets share one connection. The ways to log in, in the order OpenSSH tries them: the key
 * file given ({@code keyFiles}), the ssh-agent's keys ({@code agentSocket}, or null), the default
 * key files that exist when none is given ({@code defaultKeyFiles}), the password.
 */
record SshTarget(
    String name,
    String host,
    int port,
    String user,
    String password,
    List<Path> keyFiles,
    Path agentSocket,
    List<Path> defaultKeyFiles,
    List<Path> knownHostsFiles,
    boolean hostKeyChecking,
    Duration connectTimeout) {

  static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

  /**
   * @param home the controller user's home, where {@code ~/.ssh} lives
   * @param agentSocket the ssh-agent's socket ({@code SSH_AUTH_SOCK}), or null when there is none
   * @throws HostException when a variable has a value that cannot be used
   */
  static SshTarget of(String name, Map<String, Object> vars, ConnectOptions options, Path home, Path agentSocket) {
    Map<String, String> ssh = sshOptions(name, string(vars, "ansible_ssh_common_args") + " " + string(vars, "ansible_ssh_extra_args"));
    String host = first(vars, "ansible_host", "ansible_ssh_host");
    String port = first(vars, "ansible_port", "ansible_ssh_port");
    String user = first(vars, "ansible_user", "ansible_ssh_user");
    String password = first(vars, "ansible_password", "ansible_ssh_pass");
    String key = first(vars, "ansible_ssh_private_key_file");
    String timeout = first(vars, "ansible_timeout");
    String checking = first(vars, "ansible_host_key_checking");
    String strict = ssh.getOrDefault("stricthostkeychecking", "yes").toLowerCase(Locale.ROOT);

    List<Path> defaultKeys = key != null ? List.of()
        : DEFAULT_KEYS.stream().map(k -> home.resolve(".ssh").resolve(k)).filter(Files::isRegularFile).toList();
    List<Path> knownHosts = new ArrayList<>();
    String userKnownHosts = ssh.get("userknownhostsfile");
    if (userKnownHosts == null) {
      knownHosts.add(home.resolve(".ssh/known_hosts"));
      knownHosts.add(Path.of("/etc/ssh/ssh_known_hosts"));
    } else {
      for (String file : userKnownHosts.strip().split("\\s+")) {
        knownHosts.add(expand(file, home));
      }
    }
    return new SshTarget(
        name,
        host == null ? name : host,
        port == null ? 22 : number(name, "ansible_port", port, 1, 65535),
        user == null ? System.getProperty("user.name") : user,
        password == null || password.isEmpty() ? null : password,
        key == null ? List.of() : List.of(expand(key, home)),
        agentSocket,
        defaultKeys,
        List.copyOf(knownHosts),
        options.hostKeyChecking()
            && (checking == null || bool(name, "ansible_host_key_checking", checking))
            && !strict.equals("no") && !strict.equals("off"),
        timeout == null ? options.connectTimeout() : Duration.ofSeconds(number(name, "ansible_timeout", timeout, 1, 3600)));
  }

  /** The same target, giving up a connection attempt after {@code timeout}. */
  SshTarget timingOut(Duration timeout) {
    return new SshTarget(name, host, port, user, password, keyFiles, agentSocket, defaultKeyFiles, knownHostsFiles, hostKeyChecking, timeout);
  }

  /** host:port as people type it. */
  String address() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return name + " (" + user + "@" + address() + ")";
  }

  /**
   * The {@code -o Key=Value} options (keys lower-cased; the first one given wins, as in OpenSSH)
   * among ssh command-line arguments, split as Ansible splits them (shlex).
   */
  static Map<String, String> sshOptions(String host, String args) {
    Map<String, String> options = new HashMap<>();
    List<String> words = ShellWords.split(args).orElseThrow(() -> new HostException(
        "ansible_ssh_common_args or ansible_ssh_extra_args of host " + host + ": a quote is left open or a backslash ends it: '" + args.strip() + "'", true, null));
    for (int i = 0; i < words.size(); i++) {
      String option = null;
      if (words.get(i).equals("-o") && i + 1 < words.size()) {
        option = words.get(++i);
      } else if (words.get(i).startsWith("-o")) {
        option = words.get(i).substring(2);
      }
      if (option != null) {
        String[] kv = option.strip().split("\\s*=\\s*|\\s+", 2);
        if (kv.length == 2) {
          options.putIfAbsent(kv[0].toLowerCase(Locale.ROOT), kv[1]);
        }
      }
    }
    return options;
  }

  private static String first(Map<String, Object> vars, String... names) {
    for (String n : names) {
      Object v = vars.get(n);
      if (v != null) {
        return v.toString();
      }
    }
    return null;
  }

  private static String string(Map<String, Object> vars, String name) {
    Object v = vars.get(name);
    return v == null ? "" : v.toString();
  }

  private static Path expand(String file, Path home) {
    return file.equals("~") ? home : file.startsWith("~/") ? home.resolve(file.substring(2)) : Path.of(file);
  }

  private static int number(String host, String var, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new HostException(var + " of host " + host + " must be a number from " + min + " to " + max + ", not '" + value + "'", true, null);
  }

  private static boolean bool(String host, String var, String value) {
    switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1":
        return true;
      case "false", "no", "off", "0":
        return false;
      default:
        throw new HostException(var + " of host " + host + " must be true or false, not '" + value + "'", true, null);
    }
  }
}
