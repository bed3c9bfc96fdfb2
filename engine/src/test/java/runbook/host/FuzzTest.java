package runbook.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import runbook.spi.Action;
import runbook.spi.Command;
import runbook.spi.FileState;

/**
 * Random strings built from the pieces that break shell commands, used as file names, contents and
 * command arguments: every value round-trips exactly, and none of the injected {@code touch}es runs.
 */
class FuzzTest {
  static final long SEED = 20240611L;
  static final int ROUNDS = 60;
  static final String CANARY = "runbook-fuzz-canary";

  @TempDir Path dir;

  /** Pieces for file names: anything but '/' (the canary is touched in the working directory). */
  static final List<String> NAME_PIECES = List.of(
      "'", "\"", " ", "  ", "\t", "\n", "$(", ")", "`", ";", "&&", "||", "|", "&", ">", "<", "*", "?", "[", "]", "{", "}",
      "\\", "\\n", "$HOME", "${x}", "$1", "~", "-", "--", "!", "#", "%s", "%", "=", "é", "日本", "😀", "\u00a0", "'\\''",
      "a", "b", "file", ".", "$(touch " + CANARY + ")", "`touch " + CANARY + "`", "; touch " + CANARY, "&& touch " + CANARY,
      "'; touch " + CANARY + "; '", "\"$(touch " + CANARY + ")\"", "\ntouch " + CANARY + "\n");

  @Test
  void everyValueRoundTripsAndNothingRuns() throws IOException {
    Random random = new Random(SEED);
    Path canary = dir.resolve(CANARY);
    List<String> valuePieces = Stream.concat(NAME_PIECES.stream(),
        Stream.of("/", "$(touch " + canary + ")", "`touch " + canary + "`", ";touch " + canary)).toList();
    ActionRunner runner = new ActionRunner(TestHost.local());
    for (int round = 0; round < ROUNDS; round++) {
      String name = name(random);
      String value = build(random, valuePieces, 12);
      String context = "round " + round + " of seed " + SEED + ", name [" + name + "], value [" + value + "]";
      Path sub = Files.createDirectory(dir.resolve("r" + round));
      String path = sub + "/" + name;
      byte[] content = value.getBytes(StandardCharsets.UTF_8);

      assertEquals(ActionResult.success(), runner.run(new Action.WriteFile(path, content, null, null, null, false)), context);
      assertArrayEquals(content, Files.readAllBytes(sub.resolve(name)), context);
      ShellHostView view = new ShellHostView(TestHost.local(), new Answers(), java.util.Map.of());
      FileState read = view.read(path);
      assertEquals(path, read.path(), context);
      assertArrayEquals(content, read.content(), context);
      assertEquals(List.of(sub.toString(), path), view.tree(sub.toString()).stream().map(FileState::path).toList(), context);

      Action.Run printf = new Action.Run(Command.of(List.of("printf", "%s", value)).in(sub.toString()).withStdin(value));
      assertEquals(value, runner.run(printf).data().get("stdout"), context);
      Action.Run cat = new Action.Run(Command.of(List.of("cat")).withStdin(value));
      assertEquals(value, runner.run(cat).data().get("stdout"), context);

      String link = sub + "/link " + name;
      assertEquals(ActionResult.success(), runner.run(new Action.MakeLink(value, link, false, true)), context);
      assertEquals(value, Files.readSymbolicLink(Path.of(link)).toString(), context);
      assertEquals(value, view.stat(link).linkTarget(), context);

      assertEquals(ActionResult.success(), runner.run(new Action.Remove(path)), context);
      assertFalse(Files.exists(sub.resolve(name), LinkOption.NOFOLLOW_LINKS), context);
    }
    assertFalse(Files.exists(canary), "an injected command ran");
    assertFalse(Files.exists(Path.of(CANARY)), "an injected command ran in the working directory");
    try (Stream<Path> all = Files.walk(dir)) {
      assertTrue(all.noneMatch(p -> p.getFileName().toString().equals(CANARY)), "an injected command ran");
    }
  }

  /** A valid file name: not "." or "..", and within the 255-byte limit with room for the link's prefix. */
  private static String name(Random random) {
    while (true) {
      String name = build(random, NAME_PIECES, 6);
      if (!name.equals(".") && !name.equals("..") && name.getBytes(StandardCharsets.UTF_8).length <= 240) {
        return name;
      }
    }
  }

  private static String build(Random random, List<String> pieces, int most) {
    StringBuilder b = new StringBuilder();
    int count = 1 + random.nextInt(most);
    for (int i = 0; i < count; i++) {
      b.append(pieces.get(random.nextInt(pieces.size())));
    }
    return b.toString();
  }
}
