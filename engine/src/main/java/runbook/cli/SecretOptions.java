package runbook.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import runbook.run.Terminals;
import runbook.secret.Secrets;
import runbook.secret.Vault;

/** What apply and validate take about secrets (README, "Secrets"): vault passwords and more secret names. */
final class SecretOptions {
  private final CommandSpec spec;
  private final OptionSpec passwordFiles;
  private final OptionSpec ask;
  private final OptionSpec secretVars;

  SecretOptions(CommandSpec spec) {
    this.spec = spec;
    passwordFiles = Options.strings(spec, "FILE", null,
        "A file holding the vault password (run for it when executable). Repeatable.", "--vault-password-file", "--vault-pass-file");
    ask = Options.flag(spec, "Ask for the vault password on the terminal.", "-J", "--ask-vault-pass", "--ask-vault-password");
    secretVars = Options.strings(spec, "PATTERN", ",",
        "More variables whose values are secret: names or globs (db_*, *_pw). Repeatable.", "--secret-vars");
  }

  /** The run's secrets, opening the vault with the passwords given; a password that cannot be had is a usage error. */
  Secrets secrets() {
    List<String> passwords = new ArrayList<>();
    for (String file : Options.<String>list(passwordFiles)) {
      passwords.add(nonEmpty(read(Path.of(file)), "the vault password file '" + file + "' is empty"));
    }
    if (Options.on(ask)) {
      Terminals.Terminal terminal = Terminals.interactive();
      String typed = terminal == null ? null : terminal.readLine("Vault password: ", false);
      if (typed == null) {
        throw new ParameterException(spec.commandLine(),
            "--ask-vault-pass needs a terminal to ask on; without one, give the password in a file with --vault-password-file FILE");
      }
      passwords.add(nonEmpty(typed, "the vault password is empty"));
    }
    Secrets secrets = new Secrets(Vault.of(passwords));
    Options.<String>list(secretVars).forEach(secrets::declare);
    return secrets;
  }

  /** The file's text, or what an executable file prints, as Ansible reads a password file. */
  private String read(Path file) {
    try {
      if (!Files.isExecutable(file) || Files.isDirectory(file)) {
        return Files.readString(file, StandardCharsets.UTF_8);
      }
      Process script = new ProcessBuilder(file.toAbsolutePath().toString())
          .redirectInput(ProcessBuilder.Redirect.INHERIT)
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      String printed = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (script.waitFor() != 0) {
        throw new ParameterException(spec.commandLine(), "the vault password script '" + file + "' failed (exit " + script.exitValue() + ")");
      }
      return printed;
    } catch (NoSuchFileException e) {
      throw new ParameterException(spec.commandLine(), "the vault password file '" + file + "' does not exist");
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "cannot read the vault password file '" + file + "': " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ParameterException(spec.commandLine(), "interrupted while the vault password script '" + file + "' ran");
    }
  }

  private String nonEmpty(String password, String complaint) {
    if (password.isBlank()) {
      throw new ParameterException(spec.commandLine(), complaint);
    }
    return password;
  }
}
