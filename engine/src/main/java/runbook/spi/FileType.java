package runbook.spi;

public enum FileType {
  ABSENT,
  FILE,
  DIRECTORY,
  LINK,
  OTHER;

  /** The name Ansible's file and stat modules use ("file", "directory", "link", "absent"). */
  public String ansibleName() {
    return switch (this) {
      case ABSENT -> "absent";
      case FILE -> "file";
      case DIRECTORY -> "directory";
      case LINK -> "link";
      case OTHER -> "other";
    };
  }
}
