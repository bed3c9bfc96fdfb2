package runbook.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import runbook.load.ControllerPaths;
import runbook.model.Task;
import runbook.secret.Vault;
import runbook.spi.Controller;
import runbook.spi.ModuleFailure;
import runbook.template.Templar;

/** The controller side of a call: files found as Ansible finds them, templating with the host's vars. */
record ControllerFiles(PlayRun play, Task task, Templar templar, Map<String, Object> vars) implements Controller {
  @Override
  public byte[] readFile(String subdir, String path, boolean decrypt) {
    return read(find(subdir, path), decrypt);
  }

  private byte[] read(Path p, boolean decrypt) {
    try {
      byte[] bytes = Files.readAllBytes(p);
      return decrypt ? decrypted(p, bytes) : bytes;
    } catch (IOException e) {
      throw new ModuleFailure("cannot read " + p + ": " + e.getMessage());
    }
  }

  /** The file readFile reads. */
  Path find(String subdir, String path) {
    List<Path> candidates = ControllerPaths.candidates(task, play.playbookDir(), subdir, path);
    return candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() -> new ModuleFailure(
        "could not find '" + path + "' (looked in: " + candidates.stream().map(Path::toString).collect(Collectors.joining(", ")) + ")"));
  }

  /** The first of the places readFile looks in that exists, when it is a directory. */
  Optional<Path> existingDirectory(String subdir, String path) {
    return ControllerPaths.candidates(task, play.playbookDir(), subdir, path).stream().filter(Files::exists).findFirst().filter(Files::isDirectory);
  }

  Path directory(String subdir, String path) {
    return existingDirectory(subdir, path).orElseThrow(() -> new ModuleFailure("could not find the directory '" + path + "' (looked in: "
        + ControllerPaths.candidates(task, play.playbookDir(), subdir, path).stream().map(Path::toString).collect(Collectors.joining(", ")) + ")"));
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

  /**
   * The first of the places readFile looks in that exists, when it is a directory: Files.walk gives
   * parents before children, and with links followed stops at a loop of links. A link that leads
   * nowhere is kept as a link, as Ansible's copy keeps it.
   */
  @Override
  public Optional<List<SourceEntry>> readTree(String subdir, String path, boolean followLinks, boolean decrypt) {
    Optional<Path> found = existingDirectory(subdir, path);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Path top = found.get();
    List<SourceEntry> entries = new ArrayList<>();
    FileVisitOption[] options = followLinks ? new FileVisitOption[] {FileVisitOption.FOLLOW_LINKS} : new FileVisitOption[0];
    try (Stream<Path> walk = Files.walk(top, options)) {
      for (Path p : walk.sorted().toList()) {
        if (p.equals(top)) {
          continue;
        }
        String rel = StreamSupport.stream(top.relativize(p).spliterator(), false).map(Path::toString).collect(Collectors.joining("/"));
        if (Files.isSymbolicLink(p) && (!followLinks || !Files.exists(p))) {
          entries.add(new SourceEntry(rel, null, Files.readSymbolicLink(p).toString()));
        } else if (Files.isDirectory(p)) {
          entries.add(new SourceEntry(rel, null));
        } else if (Files.isRegularFile(p)) {
          entries.add(new SourceEntry(rel, read(p, decrypt)));
        } else {
          throw new ModuleFailure("cannot copy " + p + ": it is neither a file, a directory nor a link");
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new ModuleFailure("cannot read " + top + ": " + e.getMessage());
    }
    return Optional.of(entries);
  }

  @Override
  public String renderTemplate(String src, String dest) {
    Path path = find("templates", src);
    Map<String, Object> with = new java.util.LinkedHashMap<>(vars);
    with.putAll(runbook.template.TemplateVars.of(src, path, dest));
    return templar.renderFile(runbook.spi.RawText.decode(read(path, true)), with);
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

  @Override
  public String ask(String prompt, boolean echo) {
    return play.run().prompts().ask(task, prompt, echo);
  }
}
