package runbook.modules;

import java.util.List;
import runbook.spi.FileState;
import runbook.spi.HostView;

/** A host whose files and pending changes are a {@link FakeHost}'s, and whose probes a test answers its own way. */
public abstract class FilesOf implements HostView {
  public final FakeHost files;

  protected FilesOf(FakeHost files) {
    this.files = files;
  }

  @Override
  public FileState stat(String path) {
    return files.stat(path);
  }

  @Override
  public FileState read(String path) {
    return files.read(path);
  }

  @Override
  public List<FileState> tree(String path) {
    return files.tree(path);
  }

  @Override
  public List<String> pending(String topic) {
    return files.pending(topic);
  }
}
