package runbook.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import runbook.load.ControllerPaths;
import runbook.model.Task;
import runbook.secret.Vault;
import runbook.spi.Controller;
import runbook.spi.ModuleFailure;
import runbook.template.Templar;

/** The controller side of a call: files found as Ansible finds them, templating with the host's vars. */
record ControllerFiles(PlayRun play, Task task, Templar templar, Map<String, Object> vars) implements Controller {
  @Override
  public byte[] readFile(String subdir, String path) {
    List<Path> candidates = ControllerPaths.candidates(task.location().file(), play.playbookDir(), subdir, path);
    for (Path p : candidates) {
      if (Files.isRegularFile(p)) {
        try {
          return decrypted(p, Files.readAllBytes(p));
        } catch (IOException e) {
          throw new ModuleFailure("cannot read " + p + ": " + e.getMessage());
        }
      }
    }
    throw new ModuleFailure(
        "could not find '" + path + "' (looked in: "
            + candidates.stream().map(Path::toString).collect(Collectors.joining(", ")) + ")");
  }

  /** A file ansible-vault encrypted is used decrypted, as Ansible's copy and template do; what it holds is secret. */
  private byte[] decrypted(Path p, byte[] bytes) {
    String text = new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.US_ASCII);
    if (!Vault.encrypted(text)) {
      return bytes;
    }
    Vault.Opened opened = templar.secrets().open(new String(bytes, StandardCharsets.US_ASCII));
    if (opened.problem() != null) {
      throw new ModuleFailure("cannot decrypt " + p + ": " + opened.problem());
    }
    return opened.plain();
  }

  @Override
  public String render(String template) {
    return templar.renderText(template, vars);
  }

  @Override
  public Object evaluate(String expression) {
    return templar.evaluate(expression, vars);
  }

  @Override
  public boolean test(String condition) {
    return templar.test(condition, vars);
  }
}
