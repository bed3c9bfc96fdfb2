package runbook.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.spi.Action;
import runbook.spi.Command;
import runbook.spi.CommandResult;
import runbook.spi.FileState;
import runbook.spi.FileType;
import runbook.spi.HostView;
import runbook.spi.Modes;

/**
 * The prediction and the view over it as a table: a real host, the actions a check run records
 * (and those a real task then runs, whose predictions are forgotten), and what stat, read and tree
 * answer afterwards. New paths belong to alice:staff, the identity the fake host reports.
 */
class PredictionTest {
  /**
   * @param real the real host, one path a line: "d PATH MODE OWNER:GROUP", "f PATH MODE OWNER:GROUP
   *     CONTENT" or "l PATH TARGET"
   * @param expected "stat PATH", "read PATH" or "tree PATH", to the answer as {@link #describe} writes it
   */
  record Case(String name, String real, List<Action> recorded, List<Action> forgotten, Map<String, String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String SRV = "d /srv 0755 root:root\n";

  static Stream<Case> cases() {
    return Stream.of(
        new Case("nested mkdir, then a write into it", SRV + "f /srv/keep 0644 root:root k",
            List.of(mkdir("/srv/a/b/c", "0750"), write("/srv/a/b/c/f", "x", null)),
            List.of(),
            expect(
                "stat /srv/a", "directory 0755 alice:staff",
                "stat /srv/a/b", "directory 0755 alice:staff",
                "stat /srv/a/b/c", "directory 0750 alice:staff",
                "read /srv/a/b/c/f", "file 0644 alice:staff 'x'",
                "read /srv/a/b/c//./f", "file 0644 alice:staff 'x'",
                "stat /srv/a/b/other", "absent",
                "read /srv/keep", "file 0644 root:root 'k'",
                "tree /srv", "/srv directory 0755 | /srv/keep file 0644 | /srv/a directory 0755 | /srv/a/b directory 0755"
                    + " | /srv/a/b/c directory 0750 | /srv/a/b/c/f file 0644",
                "tree /srv/a/b/c/f", "/srv/a/b/c/f file 0644")),
        new Case("remove, then stat below", SRV + "d /srv/old 0755 root:root\nf /srv/old/x 0644 root:root x\nf /srv/y 0644 root:root y",
            List.of(new Action.Remove("/srv/old")),
            List.of(),
            expect(
                "stat /srv/old", "absent",
                "stat /srv/old/x", "absent",
                "read /srv/old/x/deeper", "absent",
                "tree /srv", "/srv directory 0755 | /srv/y file 0644",
                "tree /srv/old", "absent")),
        new Case("remove, then the directory made again is empty", SRV + "d /srv/old 0755 root:root\nf /srv/old/x 0644 root:root x",
            List.of(new Action.Remove("/srv/old"), mkdir("/srv/old", null)),
            List.of(),
            expect(
                "stat /srv/old", "directory 0755 alice:staff",
                "stat /srv/old/x", "absent",
                "tree /srv/old", "/srv/old directory 0755")),
        new Case("symlink to a real directory, written through", SRV + "d /srv/v1 0755 root:root\nf /srv/v1/app.conf 0644 root:root v1",
            List.of(new Action.MakeLink("v1", "/srv/current", false, false), write("/srv/current/new.conf", "n", "0600")),
            List.of(),
            expect(
                "stat /srv/current", "link -> v1",
                "read /srv/current/app.conf", "file 0644 root:root 'v1'",
                "read /srv/v1/new.conf", "file 0600 alice:staff 'n'",
                "read /srv/current/new.conf", "file 0600 alice:staff 'n'",
                "tree /srv", "/srv directory 0755 | /srv/v1 directory 0755 | /srv/v1/app.conf file 0644 | /srv/current link 0777"
                    + " | /srv/v1/new.conf file 0600")),
        new Case("symlink to a predicted file reads its content", SRV,
            List.of(write("/srv/conf", "c", null), new Action.MakeLink("/srv/conf", "/srv/ln", false, false)),
            List.of(),
            expect("read /srv/ln", "link -> /srv/conf 'c'")),
        new Case("real symlink to a predicted file reads the predicted content", SRV + "l /srv/ln conf",
            List.of(write("/srv/conf", "new", null)),
            List.of(),
            expect("read /srv/ln", "link -> conf 'new'")),
        new Case("hard link is its target", SRV + "f /srv/t 0600 bob:adm t",
            List.of(new Action.MakeLink("/srv/t", "/srv/h", true, false)),
            List.of(),
            expect("read /srv/h", "file 0600 bob:adm 't'")),
        new Case("recursive symbolic chmod and chgrp over real and predicted paths",
            SRV + "d /srv/tree 0700 root:root\nf /srv/tree/a 0600 root:root a\nd /srv/tree/sub 0700 root:root\n"
                + "f /srv/tree/sub/b 0744 root:root b\nl /srv/tree/ln a",
            List.of(write("/srv/tree/new", "n", "0600"), new Action.SetAttributes("/srv/tree", "u=rwX,g=rX,o=", null, "www", true, false)),
            List.of(),
            expect(
                "tree /srv/tree", "/srv/tree directory 0750 | /srv/tree/a file 0640 | /srv/tree/ln link 0777"
                    + " | /srv/tree/sub directory 0750 | /srv/tree/sub/b file 0750 | /srv/tree/new file 0640",
                "stat /srv/tree/ln", "link -> a",
                "read /srv/tree/sub/b", "file 0750 root:www 'b'",
                "read /srv/tree/new", "file 0640 alice:www 'n'")),
        new Case("attributes of an existing real file keep its content", "d /etc 0755 root:root\nf /etc/conf 0644 root:root data",
            List.of(new Action.SetAttributes("/etc/conf", "0600", "bob", null, false, false)),
            List.of(),
            expect("read /etc/conf", "file 0600 bob:root 'data'")),
        new Case("chmod through a link changes the target, chown -h the link", SRV + "f /srv/t 0644 root:root t\nl /srv/ln t",
            List.of(new Action.SetAttributes("/srv/ln", "0600", null, null, false, true),
                new Action.SetAttributes("/srv/ln", "0600", "bob", null, false, false)),
            List.of(),
            expect("stat /srv/t", "file 0600 root:root", "stat /srv/ln", "link -> t")),
        new Case("a write keeps the old file's mode, owner and group", "d /etc 0755 root:root\nf /etc/x 0640 root:adm old",
            List.of(write("/etc/x", "new", null)),
            List.of(),
            expect("read /etc/x", "file 0640 root:adm 'new'")),
        new Case("a write over a link replaces it with a new file and leaves the target",
            SRV + "f /srv/t 0600 root:adm t\nl /srv/ln t",
            List.of(write("/srv/ln", "new", null)),
            List.of(),
            expect("read /srv/ln", "file 0644 alice:staff 'new'", "read /srv/t", "file 0600 root:adm 't'")),
        new Case("an edit written to a link's target is read through the link",
            SRV + "d /srv/available 0755 root:root\nf /srv/available/app.conf 0640 root:www old\nd /srv/enabled 0755 root:root"
                + "\nl /srv/enabled/app.conf ../available/app.conf",
            List.of(write("/srv/enabled/../available/app.conf", "new", null)),
            List.of(),
            expect("read /srv/enabled/app.conf", "link -> ../available/app.conf 'new'",
                "read /srv/available/app.conf", "file 0640 root:www 'new'")),
        new Case("a new file's symbolic mode applies to the umask's", SRV,
            List.of(write("/srv/s", "s", "u+x")),
            List.of(),
            expect("stat /srv/s", "file 0744 alice:staff")),
        new Case("below a setgid directory, new paths take its group and directories its setgid bit",
            SRV + "d /srv/shared 02775 root:mail",
            List.of(write("/srv/shared/f", "f", null), mkdir("/srv/shared/d/e", null)),
            List.of(),
            expect(
                "stat /srv/shared/f", "file 0644 alice:mail",
                "stat /srv/shared/d", "directory 02755 alice:mail",
                "stat /srv/shared/d/e", "directory 02755 alice:mail")),
        new Case("touch creates an empty file, and leaves an existing one", SRV + "f /srv/old 0600 root:root o",
            List.of(new Action.Touch("/srv/new"), new Action.Touch("/srv/old")),
            List.of(),
            expect("read /srv/new", "file 0644 alice:staff ''", "read /srv/old", "file 0600 root:root 'o'")),
        new Case("a command's effect is not predicted", SRV,
            List.of(new Action.Run(Command.of(List.of("touch", "/srv/x")))),
            List.of(),
            expect("stat /srv/x", "absent")),
        new Case("a real change forgets what was predicted there and what hid it",
            SRV + "d /srv/old 0755 root:root\nf /srv/old/x 0644 root:root real\nf /srv/y 0644 root:root y",
            List.of(new Action.Remove("/srv/old"), write("/srv/y", "predicted", null), write("/srv/z", "z", null)),
            List.of(write("/srv/old/x", "ignored", null), write("/srv/y", "ignored", null)),
            expect(
                "read /srv/old/x", "file 0644 root:root 'real'",
                "read /srv/y", "file 0644 root:root 'y'",
                "read /srv/z", "file 0644 alice:staff 'z'")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void predictsWhatLaterTasksSee(Case c) {
    Prediction prediction = new Prediction();
    PredictedHostView view = new PredictedHostView(prediction, new FakeHost(c.real()), "", new java.util.HashSet<>());
    c.recorded().forEach(action -> prediction.record(action, view));
    c.forgotten().forEach(prediction::forget);
    Map<String, String> actual = new LinkedHashMap<>();
    c.expected().keySet().forEach(query -> actual.put(query, answer(view, query)));
    assertEquals(c.expected(), actual);
  }

  /** What a view's answers rest on after a simulated sync into /var/www: reads there, and listings above it. */
  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
    "stat /var/www                  | the sync",
    "read /var/www/site/index.html  | the sync",
    "stat /var/./www/../www/x       | the sync",
    "tree /var                      | the sync",
    "stat /var                      | ",
    "stat /var/www2/x               | ",
    "tree /srv                      | ",
    "stat /var/www/written          | ",
  })
  void readsBelowASyncRestOnIt(String query, String restsOn) {
    Prediction prediction = new Prediction();
    java.util.Set<String> seen = new java.util.LinkedHashSet<>();
    PredictedHostView view = new PredictedHostView(prediction, new FakeHost("d /var 0755 root:root\nd /var/www 0755 root:root\nd /srv 0755 root:root"), "", seen);
    prediction.touched(Prediction.FILES + "/var/www/", "the sync");
    prediction.record(write("/var/www/written", "x", "0644"), view);
    seen.clear();
    answer(view, query);
    assertEquals(restsOn == null ? List.of() : List.of(restsOn), List.copyOf(seen));
  }

  private static String answer(HostView view, String query) {
    String path = query.substring(query.indexOf(' ') + 1);
    return switch (query.substring(0, query.indexOf(' '))) {
      case "stat" -> describe(view.stat(path));
      case "read" -> describe(view.read(path));
      default -> view.tree(path).stream()
          .map(s -> s.exists() ? s.path() + " " + s.type().ansibleName() + " " + Modes.octal(s.mode()) : "absent")
          .collect(Collectors.joining(" | "));
    };
  }

  private static String describe(FileState s) {
    String text = !s.exists() ? "absent"
        : s.isLink() ? "link -> " + s.linkTarget()
        : s.type().ansibleName() + " " + Modes.octal(s.mode()) + " " + s.owner() + ":" + s.group();
    return s.content() == null ? text : text + " '" + new String(s.content(), StandardCharsets.UTF_8) + "'";
  }

  private static Action mkdir(String path, String mode) {
    return new Action.MakeDirectory(path, mode, null, null);
  }

  private static Action write(String path, String content, String mode) {
    return new Action.WriteFile(path, content.getBytes(StandardCharsets.UTF_8), mode, null, null, false);
  }

  private static Map<String, String> expect(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  /** The real host in memory, answering as the shell view does (lstat; read follows links for content). */
  private static final class FakeHost implements HostView {
    private final Map<String, FileState> paths = new TreeMap<>();

    FakeHost(String description) {
      for (String line : description.lines().toList()) {
        String[] f = line.split(" ", 5);
        FileState state = switch (f[0]) {
          case "d" -> state(f[1], FileType.DIRECTORY, f[2], f[3], null, null);
          case "f" -> state(f[1], FileType.FILE, f[2], f[3], null, f.length > 4 ? f[4] : "");
          default -> state(f[1], FileType.LINK, "0777", "root:root", f[2], null);
        };
        paths.put(f[1], state);
      }
    }

    private static FileState state(String path, FileType type, String mode, String owners, String target, String content) {
      String[] og = owners.split(":");
      byte[] bytes = content == null ? null : content.getBytes(StandardCharsets.UTF_8);
      return new FileState(path, type, Integer.parseInt(mode, 8), og[0], og[1], bytes == null ? 0 : bytes.length, target, bytes);
    }

    @Override
    public FileState stat(String path) {
      FileState s = read(path);
      return new FileState(path, s.type(), s.mode(), s.owner(), s.group(), s.size(), s.linkTarget(), null);
    }

    @Override
    public FileState read(String path) {
      // "dir/.." as the kernel resolves it where no directory on the way is a link.
      FileState s = paths.get(Prediction.normalize(path));
      if (s == null) {
        return FileState.absent(path);
      }
      byte[] content = s.isLink() ? read(Prediction.resolve(path, s.linkTarget())).content() : s.content();
      return new FileState(path, s.type(), s.mode(), s.owner(), s.group(), s.size(), s.linkTarget(), content);
    }

    @Override
    public List<FileState> tree(String path) {
      FileState top = stat(path);
      List<FileState> out = new ArrayList<>(List.of(top));
      if (top.isDirectory()) {
        paths.keySet().stream().filter(p -> p.startsWith(path + "/")).forEach(p -> out.add(stat(p)));
      }
      return out;
    }

    @Override
    public CommandResult probe(runbook.spi.Command command) {
      return command.display().equals("id -un && id -gn") ? new CommandResult(0, "alice\nstaff\n", "") : new CommandResult(127, "", "no such probe");
    }
  }
}
