package runbook.modules.files;

import runbook.spi.FileState;
import runbook.spi.HostView;

/** Where a path leads through its symbolic links, as the kernel follows them. */
final class Links {
  /** As the kernel's limit on links followed in one lookup (ELOOP). */
  private static final int MAX_LINKS = 40;

  private Links() {}

  /**
   * What {@code state} leads to, a link followed as often as it takes: the final path, absent when
   * the last link dangles, or {@code state} itself when it is no link or the links loop. A target is
   * {@code dir/target} as the link holds it, not normalized by name: the kernel resolves ".."
   * physically. Content read through the link ({@link HostView#read}) is the target's and is kept.
   */
  static FileState through(HostView host, FileState state) {
    FileState at = state;
    for (int hops = 0; at.isLink() && hops < MAX_LINKS; hops++) {
      at = host.stat(Text.resolve(at.path(), at.linkTarget()));
    }
    if (at == state || at.isLink()) {
      return state;
    }
    byte[] content = at.isFile() ? state.content() : null;
    return new FileState(at.path(), at.type(), at.mode(), at.owner(), at.group(), at.size(), null, content);
  }

  /** The file an edit of {@code path} changes: the path, or where its links lead (Ansible's os.path.realpath). */
  static FileState read(HostView host, String path) {
    return through(host, host.read(path));
  }
}
