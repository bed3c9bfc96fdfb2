package runbook.modules.scm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What {@code git ls-remote --symref REPO} says of a repository: its refs and the branch its HEAD
 * names; and what a version (HEAD, a branch, a tag, a commit) is in it, as Ansible's git reads it.
 */
record Remote(Map<String, String> refs, String headBranch) {
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{7,40}");

  enum Kind { HEAD, BRANCH, TAG, COMMIT }

  /** A version as this remote has it: its kind and the commit it is at (a commit given by its name is itself). */
  record Version(String name, Kind kind, String commit) {}

  static Remote parse(String listing) {
    Map<String, String> refs = new LinkedHashMap<>();
    String head = null;
    for (String line : listing.split("\n")) {
      String[] parts = line.split("\t");
      if (parts.length != 2) {
        continue;
      }
      if (parts[0].startsWith("ref: refs/heads/") && parts[1].equals("HEAD")) {
        head = parts[0].substring("ref: refs/heads/".length());
      } else {
        refs.put(parts[1], parts[0]);
      }
    }
    return new Remote(Map.copyOf(refs), head);
  }

  /** The version, or null when the remote has no such branch or tag and it is no commit name. */
  Version version(String name) {
    if (name.equals("HEAD")) {
      return refs.containsKey("HEAD") ? new Version(name, Kind.HEAD, refs.get("HEAD")) : null;
    }
    if (refs.containsKey("refs/heads/" + name)) {
      return new Version(name, Kind.BRANCH, refs.get("refs/heads/" + name));
    }
    String tag = refs.getOrDefault("refs/tags/" + name + "^{}", refs.get("refs/tags/" + name)); // an annotated tag's commit
    if (tag != null) {
      return new Version(name, Kind.TAG, tag);
    }
    return SHA.matcher(name).matches() ? new Version(name, Kind.COMMIT, name) : null;
  }
}
