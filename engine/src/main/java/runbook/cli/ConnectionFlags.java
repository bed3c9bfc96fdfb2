package runbook.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import runbook.connect.ConnectOptions;
import runbook.run.Terminals;
import runbook.secret.Secrets;

/**
 * ansible-playbook's connection and become options (README, "Command line"). As in Ansible they
 * are not variables but defaults under every variable: a host's {@code ansible_user} wins over
 * {@code -u}, a play's {@code become: false} over {@code -b}. So each becomes the connection
 * variable it stands for, beneath everything the inventory says.
 */
final class ConnectionFlags {
  private final CommandSpec spec;
  private final OptionSpec user;
  private final OptionSpec become;
  private final OptionSpec becomeUser;
  private final OptionSpec askBecomePass;
  private final OptionSpec askPass;
  private final OptionSpec privateKey;
  private final OptionSpec sshCommonArgs;
  private final OptionSpec timeout;

  ConnectionFlags(CommandSpec spec) {
    this.spec = spec;
    user = Options.value(spec, String.class, "USER", null, "Log in as USER where the inventory names no ansible_user.", "-u", "--user");
    become = Options.flag(spec, "Become another user (sudo) where no play or task says otherwise.", "-b", "--become");
    becomeUser = Options.value(spec, String.class, "USER", null, "The user to become (default root).", "--become-user");
    askBecomePass = Options.flag(spec, "Ask for the sudo password on the terminal.", "-K", "--ask-become-pass");
    askPass = Options.flag(spec, "Ask for the SSH password on the terminal.", "-k", "--ask-pass");
    privateKey = Options.value(spec, String.class, "FILE", null, "Log in with this private key.", "--private-key", "--key-file");
    sshCommonArgs = Options.value(spec, String.class, "ARGS", null,
        "ssh options as for ssh (-o StrictHostKeyChecking=no -o UserKnownHostsFile=FILE are honoured).", "--ssh-common-args");
    timeout = Options.value(spec, Integer.class, "SECONDS", null, "Give up connecting after SECONDS (default 10).", "-T", "--timeout");
  }

  /**
   * The connection variables the options stand for, asking for the passwords now; each password is
   * made a secret of the run, so that no output shows it.
   */
  Map<String, Object> vars(Secrets secrets) {
    Map<String, Object> vars = new LinkedHashMap<>();
    put(vars, "ansible_user", user.getValue());
    if (Options.on(become)) {
      vars.put("ansible_become", true);
    }
    put(vars, "ansible_become_user", becomeUser.getValue());
    put(vars, "ansible_ssh_private_key_file", privateKey.getValue());
    put(vars, "ansible_ssh_common_args", sshCommonArgs.getValue());
    String sshPassword = Options.on(askPass) ? ask("SSH password: ", "-k/--ask-pass") : null;
    put(vars, "ansible_password", sshPassword);
    if (Options.on(askBecomePass)) {
      // as ansible-playbook asks: with -k, an empty answer is the SSH password
      String typed = ask(sshPassword == null ? "BECOME password: " : "BECOME password[defaults to SSH password]: ", "-K/--ask-become-pass");
      vars.put("ansible_become_password", typed.isEmpty() && sshPassword != null ? sshPassword : typed);
    }
    for (String secret : new String[] {"ansible_password", "ansible_become_password"}) {
      if (vars.get(secret) != null) {
        secrets.add(vars.get(secret));
      }
    }
    return vars;
  }

  /** The run's transport settings with -T's timeout (a host's ansible_timeout still wins). */
  ConnectOptions connect(ConnectOptions options) {
    Integer seconds = timeout.getValue();
    if (seconds == null) {
      return options;
    }
    if (seconds < 1 || seconds > 3600) {
      throw new ParameterException(spec.commandLine(), "--timeout must be from 1 to 3600 seconds, not " + seconds);
    }
    return options.timingOut(Duration.ofSeconds(seconds));
  }

  private String ask(String prompt, String option) {
    Terminals.Terminal terminal = Terminals.interactive();
    String typed = terminal == null ? null : terminal.readLine(prompt, false);
    if (typed == null) {
      throw new ParameterException(spec.commandLine(), option + " needs a terminal to ask on; without one, set the password in a vaulted"
          + " inventory variable (ansible_password, ansible_become_password)");
    }
    return typed;
  }

  private static void put(Map<String, Object> vars, String name, String value) {
    if (value != null) {
      vars.put(name, value);
    }
  }
}
