package runbook.modules;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import runbook.spi.Command;
import runbook.spi.CommandResult;
import runbook.spi.FileState;
import runbook.spi.FileType;
import runbook.spi.HostView;
import runbook.spi.RawText;

/**
 * A host made of a map of paths, for planning tests; probes answer only what a test set up. Content
 * is given as {@link RawText}: a U+DCE9 in it stands for the byte 0xE9, which is not UTF-8.
 */
public final class FakeHost implements HostView {
  private final Map<String, FileState> paths = new TreeMap<>();
  private final Map<String, CommandResult> probes = new HashMap<>();
  private final Map<String, List<String>> pending = new HashMap<>();

  public static FakeHost empty() {
    return new FakeHost();
  }

  public FakeHost file(String path, String content) {
    return file(path, content, 0644, "root", "root");
  }

  public FakeHost file(String path, String content, int mode, String owner, String group) {
    byte[] bytes = RawText.encode(content);
    paths.put(path, new FileState(path, FileType.FILE, mode, owner, group, bytes.length, null, bytes));
    return this;
  }

  public FakeHost dir(String path) {
    return dir(path, 0755, "root", "root");
  }

  public FakeHost dir(String path, int mode, String owner, String group) {
    paths.put(path, new FileState(path, FileType.DIRECTORY, mode, owner, group, 4096, null, null));
    return this;
  }

  public FakeHost link(String path, String target) {
    paths.put(path, new FileState(path, FileType.LINK, 0777, "root", "root", target.length(), target, null));
    return this;
  }

  /** A probe's answer; {@code command} is a script as written, or an argument list joined by spaces. */
  public FakeHost probe(String command, int rc, String stdout) {
    return probe(command, new CommandResult(rc, stdout, ""));
  }

  public FakeHost probe(String command, CommandResult result) {
    probes.put(command, result);
    return this;
  }

  /** A check run's earlier simulated change, {@code summary}, that touched {@code topic}. */
  public FakeHost pending(String topic, String summary) {
    pending.computeIfAbsent(topic, t -> new java.util.ArrayList<>()).add(summary);
    return this;
  }

  @Override
  public FileState stat(String path) {
    FileState state = read(path);
    return new FileState(path, state.type(), state.mode(), state.owner(), state.group(), state.size(), state.linkTarget(), null);
  }

  /** lstat by name, "dir/.." resolved as the kernel would when no directory on the way is a link; content through links. */
  @Override
  public FileState read(String path) {
    return read(path, 0);
  }

  private FileState read(String path, int hops) {
    FileState state = paths.get(java.nio.file.Path.of(path).normalize().toString());
    if (state == null) {
      return FileState.absent(path);
    }
    byte[] content = state.content();
    if (state.isLink() && hops < 40) {
      String target = state.linkTarget().startsWith("/") ? state.linkTarget() : path.substring(0, path.lastIndexOf('/') + 1) + state.linkTarget();
      FileState followed = read(target, hops + 1);
      content = followed.isFile() || followed.isLink() ? followed.content() : null;
    }
    return new FileState(path, state.type(), state.mode(), state.owner(), state.group(), state.size(), state.linkTarget(), content);
  }

  @Override
  public List<FileState> tree(String path) {
    return paths.values().stream().filter(s -> s.path().equals(path) || s.path().startsWith(path + "/")).toList();
  }

  @Override
  public List<String> pending(String topic) {
    return pending.entrySet().stream()
        .filter(e -> e.getKey().equals(topic) || (topic.endsWith(":") && e.getKey().startsWith(topic)))
        .flatMap(e -> e.getValue().stream())
        .distinct()
        .toList();
  }

  @Override
  public CommandResult probe(Command probe) {
    String command = probe.display();
    CommandResult result = probes.get(command);
    if (result == null) {
      throw new AssertionError("unexpected probe: " + command + " (expected one of " + probes.keySet() + ")");
    }
    return result;
  }
}
