package runbook.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import runbook.spi.Action;
import runbook.spi.FileState;
import runbook.spi.FileType;
import runbook.spi.HostView;
import runbook.spi.Modes;

/**
 * What a check run predicts one host's files to be after the tasks so far: the effect of every
 * action of every predictable change, recorded instead of performed. Later tasks of the run plan
 * against it through {@link PredictedHostView}, so a copy into a directory that an earlier task
 * would create sees that directory. A path it knows nothing about is the real host's.
 *
 * <p>Keys are paths with "." and ".." resolved by name, and with every predicted link among their
 * ancestors followed, so one place on the host has one key. Links that exist on the real host are
 * not followed here (that would cost a round trip per ancestor). Shared by every task aimed at the
 * host, delegated ones included, hence synchronized.
 */
final class Prediction {
  /** As the kernel's limit on links followed in one lookup. */
  private static final int MAX_LINKS = 40;

  /** A freshly made directory's size on the common file systems; nothing plans on it. */
  private static final long DIRECTORY_SIZE = 4096;

  private final Map<String, Node> nodes = new HashMap<>();
  private final Map<String, Identity> identities = new HashMap<>();
  /** Topics beyond files that simulated changes touched ("package:apache2"), with the change in words. */
  private final Map<String, List<String>> topics = new java.util.LinkedHashMap<>();
  /** The topic of a change to the files at and below a path ("file:/var/www"), which only running it can tell. */
  static final String FILES = "file:";

  /**
   * One predicted path.
   *
   * @param content a regular file's content, or null when it is the real file's at {@code contentFrom}
   * @param contentFrom where on the real host the content is (an existing file whose attributes
   *     change, a hard link's target), else null
   * @param fresh a directory that does not exist on the real host yet: nothing of the real host is
   *     below it
   */
  record Node(
      FileType type, int mode, String owner, String group, long size, String linkTarget, byte[] content,
      String contentFrom, boolean fresh) {
    static final Node ABSENT = new Node(FileType.ABSENT, 0, null, null, 0, null, null, null, false);

    static Node file(byte[] content, int mode, String owner, String group) {
      return new Node(FileType.FILE, mode, owner, group, content.length, null, content, null, false);
    }

    static Node directory(int mode, String owner, String group) {
      return new Node(FileType.DIRECTORY, mode, owner, group, DIRECTORY_SIZE, null, null, null, true);
    }

    static Node link(String target, String owner, String group) {
      return new Node(FileType.LINK, 0777, owner, group, target.length(), target, null, null, false);
    }

    /** A path as the real host has it, its content left there. */
    static Node of(FileState real) {
      String from = real.isFile() ? real.path() : null;
      return new Node(real.type(), real.mode(), real.owner(), real.group(), real.size(), real.linkTarget(), null, from, false);
    }

    Node withAttributes(int newMode, String newOwner, String newGroup) {
      return new Node(type, newMode, newOwner, newGroup, size, linkTarget, content, contentFrom, fresh);
    }

    /** Hides what the real host has below this path. */
    boolean hidesBelow() {
      return type != FileType.DIRECTORY || fresh;
    }

    FileState state(String path) {
      return new FileState(path, type, mode, owner, group, size, linkTarget, null);
    }
  }

  /**
   * What the prediction says about a path.
   *
   * @param node the predicted path, or null when the real host decides
   * @param real the path to ask the real host: the one asked, or where predicted links among its
   *     ancestors lead
   * @param key the path's key, predicted links followed
   */
  record Answer(Node node, String real, String key) {}

  /** Who creates new paths: the user a task runs as and its group. Either may be unknown (null). */
  record Identity(String user, String group) {}

  synchronized Answer known(String path) {
    String key = normalize(path);
    for (int hops = 0; hops <= MAX_LINKS; hops++) {
      Node node = nodes.get(key);
      if (node != null) {
        return new Answer(node, hops == 0 ? path : key, key);
      }
      String redirect = null;
      for (String at = parent(key); at != null; at = parent(at)) {
        Node above = nodes.get(at);
        if (above == null || !above.hidesBelow()) {
          continue;
        }
        if (above.type() != FileType.LINK) {
          return new Answer(Node.ABSENT, hops == 0 ? path : key, key);
        }
        redirect = normalize(join(resolve(at, above.linkTarget()), key.substring(withSlash(at).length())));
        break;
      }
      if (redirect == null) {
        return new Answer(null, hops == 0 ? path : key, key);
      }
      key = redirect;
    }
    return new Answer(Node.ABSENT, key, key);
  }

  /** Predicted paths strictly below a key, relative to it, for tree listings. */
  synchronized List<String> below(String key) {
    String prefix = withSlash(key);
    return nodes.keySet().stream()
        .filter(k -> k.startsWith(prefix) && !k.equals(prefix))
        .sorted()
        .map(k -> k.substring(prefix.length()))
        .toList();
  }

  /** Remembers that a simulated change, {@code summary}, touched {@code topic}. */
  synchronized void touched(String topic, String summary) {
    List<String> changes = topics.computeIfAbsent(topic, t -> new ArrayList<>());
    if (!changes.contains(summary)) {
      changes.add(summary);
    }
  }

  /**
   * The simulated changes that alter files at or below a path without saying how, so that nothing
   * of them is recorded here (their topic "file:PATH": a sync, a checkout, a download): those at
   * {@code path} or above it, and with {@code orBelow} those below it too (a listing sees them).
   */
  synchronized List<String> unrecorded(String path, boolean orBelow) {
    String key = normalize(path);
    return changesWhere(t -> {
      if (!t.startsWith(FILES)) {
        return false;
      }
      String at = normalize(t.substring(FILES.length()));
      return within(key, at) || orBelow && within(at, key);
    });
  }

  /** Whether {@code key} is {@code dir} or below it. */
  private static boolean within(String key, String dir) {
    return key.equals(dir) || key.startsWith(withSlash(dir));
  }

  /** The simulated changes that touched {@code topic}, or any topic it begins when it ends in ':'. */
  synchronized List<String> pending(String topic) {
    return changesWhere(t -> t.equals(topic) || (topic.endsWith(":") && t.startsWith(topic)));
  }

  /** The changes of the topics that match, each once, in the order they were made. */
  private List<String> changesWhere(java.util.function.Predicate<String> matches) {
    List<String> found = new ArrayList<>();
    topics.forEach((t, changes) -> {
      if (matches.test(t)) {
        changes.stream().filter(c -> !found.contains(c)).forEach(found::add);
      }
    });
    return found;
  }

  synchronized Identity identity(String who, HostView real) {
    return identities.computeIfAbsent(who, w -> {
      var answer = real.probe("id -un && id -gn");
      List<String> lines = answer.ok() ? answer.stdout().lines().toList() : List.of();
      return lines.size() == 2 ? new Identity(lines.get(0), lines.get(1)) : new Identity(null, null);
    });
  }

  /**
   * Records what {@code action} would do, as seen through {@code view} (this prediction over the
   * real host). A command's effect cannot be known and is not recorded.
   */
  synchronized void record(Action action, PredictedHostView view) {
    if (action instanceof Action.WriteFile w) {
      writeFile(w, view);
    } else if (action instanceof Action.MakeDirectory d) {
      makeDirectory(d, view);
    } else if (action instanceof Action.MakeLink l) {
      makeLink(l, view);
    } else if (action instanceof Action.Remove r) {
      put(physical(r.path()), Node.ABSENT);
    } else if (action instanceof Action.Touch t) {
      touch(t, view);
    } else if (action instanceof Action.SetAttributes a) {
      setAttributes(a, view);
    }
  }

  /**
   * Forgets what was predicted for the path an action really changed (a task run with
   * {@code check_mode: false}): the path, everything below it, and whatever above it hid it.
   */
  synchronized void forget(Action action) {
    String path = pathOf(action);
    if (path == null) {
      return;
    }
    String key = physical(path);
    clearBelow(key);
    nodes.remove(key);
    for (String at = parent(key); at != null; at = parent(at)) {
      Node above = nodes.get(at);
      if (above != null && above.hidesBelow()) {
        nodes.remove(at);
      }
    }
  }

  /** The path an action changes, or null for a command (it may change anything). */
  private static String pathOf(Action action) {
    if (action instanceof Action.WriteFile w) {
      return w.path();
    }
    if (action instanceof Action.MakeDirectory d) {
      return d.path();
    }
    if (action instanceof Action.MakeLink l) {
      return l.path();
    }
    if (action instanceof Action.Remove r) {
      return r.path();
    }
    if (action instanceof Action.Touch t) {
      return t.path();
    }
    if (action instanceof Action.SetAttributes a) {
      return a.path();
    }
    return null;
  }

  private void writeFile(Action.WriteFile w, PredictedHostView view) {
    FileState old = view.stat(w.path());
    int mode;
    String owner;
    String group;
    // A link at the path is replaced: the new file takes nothing from its target.
    if (old.exists() && !old.isLink()) {
      mode = old.mode();
      owner = old.owner();
      group = old.group();
    } else {
      mode = Modes.newFile();
      Identity creator = creator(w.path(), view);
      owner = creator.user();
      group = creator.group();
    }
    mode = w.mode() == null ? mode : Modes.apply(w.mode(), mode, false);
    // mv replaces a link at the destination itself, so the file lands at the path, not the link's target.
    put(physical(w.path()), Node.file(w.content(), mode, pick(w.owner(), owner), pick(w.group(), group)));
  }

  /** mkdir -p: every missing directory with the umask's mode, then the attributes of the last one. */
  private void makeDirectory(Action.MakeDirectory d, PredictedHostView view) {
    String key = physical(d.path());
    List<String> missing = new ArrayList<>();
    for (String at = key; at != null && !view.stat(at).exists(); at = parent(at)) {
      missing.add(0, at);
    }
    for (String at : missing) {
      Identity creator = creator(at, view);
      String parent = parent(at);
      FileState above = parent == null ? FileState.absent("") : view.stat(parent);
      // A directory below a setgid one inherits its setgid bit (and, like every new path there, its group).
      int setgid = above.isDirectory() ? above.mode() & 02000 : 0;
      put(at, Node.directory(Modes.newDirectory() | setgid, creator.user(), creator.group()));
    }
    if (d.mode() != null || d.owner() != null || d.group() != null) {
      setAttributes(new Action.SetAttributes(d.path(), d.mode(), d.owner(), d.group(), false, true), view);
    }
  }

  private void makeLink(Action.MakeLink l, PredictedHostView view) {
    String key = physical(l.path());
    if (l.hard()) {
      // A hard link is its target: same type, attributes and content.
      Answer target = known(l.target());
      Node node = target.node() != null ? target.node() : Node.of(view.real().stat(target.real()));
      if (node.type() != FileType.ABSENT) {
        put(key, node);
      }
      return;
    }
    Identity creator = creator(l.path(), view);
    put(key, Node.link(l.target(), creator.user(), creator.group()));
  }

  private void touch(Action.Touch t, PredictedHostView view) {
    FileState current = followed(t.path(), view);
    if (current.exists()) {
      return;
    }
    Identity creator = creator(current.path(), view);
    put(physical(current.path()), Node.file(new byte[0], Modes.newFile(), creator.user(), creator.group()));
  }

  /**
   * chown and chmod as the engine runs them: a link's own owner and group change (chown -h), its
   * mode never does (chmod skips links, also when recursing); {@code follow} acts on the target.
   */
  private void setAttributes(Action.SetAttributes a, PredictedHostView view) {
    FileState top = a.follow() ? followed(a.path(), view) : view.stat(a.path());
    if (!top.exists()) {
      return;
    }
    String root = physical(top.path());
    List<FileState> entries = a.recurse() ? view.tree(root) : List.of(view.stat(root));
    for (FileState entry : entries) {
      if (!entry.exists()) {
        continue;
      }
      String key = physical(entry.path());
      Node node = nodes.containsKey(key) ? nodes.get(key) : Node.of(entry);
      int mode = a.mode() == null || entry.isLink() ? node.mode() : Modes.apply(a.mode(), node.mode(), entry.isDirectory());
      nodes.put(key, node.withAttributes(mode, pick(a.owner(), node.owner()), pick(a.group(), node.group())));
    }
  }

  /** What the path leads to, through every link, as the shell's commands follow them; absent when dangling. */
  private static FileState followed(String path, PredictedHostView view) {
    FileState state = view.stat(path);
    for (int hops = 0; state.isLink() && hops < MAX_LINKS; hops++) {
      state = view.stat(resolve(state.path(), state.linkTarget()));
    }
    return state;
  }

  /** Who owns a new path: the task's user, and the group of a setgid parent directory or else the user's. */
  private Identity creator(String path, PredictedHostView view) {
    Identity user = view.identity();
    String parent = parent(normalize(path));
    if (parent != null) {
      FileState above = view.stat(parent);
      if (above.isDirectory() && (above.mode() & 02000) != 0) {
        return new Identity(user.user(), above.group());
      }
    }
    return user;
  }

  /** Sets a node; a path that is no directory has nothing below it. */
  private void put(String key, Node node) {
    if (node.hidesBelow()) {
      clearBelow(key);
    }
    nodes.put(key, node);
  }

  private void clearBelow(String key) {
    String prefix = withSlash(key);
    nodes.keySet().removeIf(k -> k.startsWith(prefix) && !k.equals(prefix));
  }

  /** The key of a path: normalized, predicted links among its ancestors followed. */
  private String physical(String path) {
    return known(path).key();
  }

  private static String pick(String given, String otherwise) {
    return given != null ? given : otherwise;
  }

  /** Collapses "//", "." and "dir/.." by name; keeps a path relative when it is. */
  static String normalize(String path) {
    boolean absolute = path.startsWith("/");
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..") && !parts.isEmpty() && !parts.get(parts.size() - 1).equals("..")) {
        parts.remove(parts.size() - 1);
      } else if (!(part.equals("..") && absolute)) {
        parts.add(part);
      }
    }
    String joined = String.join("/", parts);
    return absolute ? "/" + joined : joined.isEmpty() ? "." : joined;
  }

  /** The parent of a normalized path, or null at the top ("/" or a single relative name). */
  static String parent(String key) {
    int slash = key.lastIndexOf('/');
    if (slash < 0 || key.equals("/")) {
      return null;
    }
    return slash == 0 ? "/" : key.substring(0, slash);
  }

  /** Where a symlink at {@code link} pointing to {@code target} leads. */
  static String resolve(String link, String target) {
    if (target.startsWith("/")) {
      return target;
    }
    String dir = parent(normalize(link));
    return dir == null ? target : join(dir, target);
  }

  static String join(String dir, String name) {
    return withSlash(dir) + name;
  }

  static String withSlash(String dir) {
    return dir.endsWith("/") ? dir : dir + "/";
  }
}
