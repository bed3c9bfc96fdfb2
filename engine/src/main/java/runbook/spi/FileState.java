package runbook.spi;

/**
 * One path on the host as lstat sees it.
 *
 * @param mode permission bits including setuid/setgid/sticky, e.g. 02775 (octal), or 0 when absent
 * @param linkTarget where a symlink points, else null
 * @param content file content when asked for and the path is a regular file (followed through a
 *     link), else null
 */
public record FileState(
    String path,
    FileType type,
    int mode,
    String owner,
    String group,
    long size,
    String linkTarget,
    byte[] content) {

  public static FileState absent(String path) {
    return new FileState(path, FileType.ABSENT, 0, null, null, 0, null, null);
  }

  public boolean exists() {
    return type != FileType.ABSENT;
  }

  public boolean isFile() {
    return type == FileType.FILE;
  }

  public boolean isDirectory() {
    return type == FileType.DIRECTORY;
  }

  public boolean isLink() {
    return type == FileType.LINK;
  }

  /** Mode as Ansible prints it: four octal digits, e.g. "0644". */
  public String octalMode() {
    return String.format("%04o", mode);
  }
}
