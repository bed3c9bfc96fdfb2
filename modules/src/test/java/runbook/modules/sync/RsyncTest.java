package runbook.modules.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.spi.Command;

/** What the source's host may be asked to run, and the itemized lines of rsync's report. */
class RsyncTest {
  private static final Rsync RSYNC = new Rsync(List.of("--archive", "--timeout=5", "--delete-after"), "/srv/it's here/", "/dst",
      List.of("/opt/rsync/bin/rsync"));

  /** The words the client asks for, separated by '|' (the source path has a space and a quote), and the server command run. */
  static Stream<Arguments> requests() {
    return Stream.of(
        Arguments.of("rsync|--server|--sender|-nlogDtpre.iLsfxCIvu|--timeout=5|.|/srv/it's here/",
            "[/opt/rsync/bin/rsync, --server, --sender, -nlogDtpre.iLsfxCIvu, --timeout=5, ., /srv/it's here/]"),
        Arguments.of("rsync|--server|--sender|-logDtpre.LsfxCIvu|.|/srv/it's here/",
            "[/opt/rsync/bin/rsync, --server, --sender, -logDtpre.LsfxCIvu, ., /srv/it's here/]"),
        // a receiving server would write on the source's host
        Arguments.of("rsync|--server|-logDtpre.iLsfxCIvu|.|/srv/it's here/", "refused"),
        // another path, more paths, or the path split
        Arguments.of("rsync|--server|--sender|-logDtpre|.|/etc/shadow", "refused"),
        Arguments.of("rsync|--server|--sender|-logDtpre|.|/etc/shadow|/srv/it's here/", "refused"),
        Arguments.of("rsync|--server|--sender|-logDtpre|.|/srv/it's|here/", "refused"),
        // a long option the task did not give
        Arguments.of("rsync|--server|--sender|-logDtpre|--remove-source-files|.|/srv/it's here/", "refused"),
        Arguments.of("rsync|--server|--sender|-logDtpre|--log-file=/etc/cron.d/x|.|/srv/it's here/", "refused"),
        // another program, or something that is no option
        Arguments.of("sh|--server|--sender|-c|.|/srv/it's here/", "refused"),
        Arguments.of("rsync|--server|--sender|-l;id|.|/srv/it's here/", "refused"),
        Arguments.of("rsync|--server|--sender|/etc|.|/srv/it's here/", "refused"),
        Arguments.of("rsync|--server|--sender", "refused"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void onlyASenderOfTheSourceWithTheTasksOptionsIsAdmitted(String asked, String admitted) {
    Optional<Command> server = RSYNC.admit(List.of(asked.split("\\|")));
    assertEquals(admitted, server.map(c -> c.argv().toString()).orElse("refused"));
  }

  static Stream<Arguments> lines() {
    return Stream.of(
        Arguments.of(">f+++++++++ 12 new file", ">f+++++++++|12|new file|sent|change|change"),
        Arguments.of(">f.st...... 3 it's", ">f.st......|3|it's|sent|change|change"),
        Arguments.of("cd+++++++++ 4096 sub dir/", "cd+++++++++|4096|sub dir/|-|change|change"),
        Arguments.of("cL+++++++++ 4 link", "cL+++++++++|4|link|-|change|change"),
        Arguments.of("*deleting   0 stale", "*deleting  |0|stale|deleted|change|change"),
        Arguments.of(".d..t...... 4096 ./", ".d..t......|4096|./|-|none|change"),
        Arguments.of(".f..t...... 9 same content", ".f..t......|9|same content|-|none|change"),
        Arguments.of(".f...p..... 9 mode", ".f...p.....|9|mode|-|change|change"),
        Arguments.of(".d          4096 ./", ".d         |4096|./|-|none|none"),
        Arguments.of(">f+++++++++ 1 new\\#012line caf\\#303\\#251", ">f+++++++++|1|new\nline café|sent|change|change"),
        Arguments.of(">f+++++++++ 1 back\\slash", ">f+++++++++|1|back\\slash|sent|change|change"),
        Arguments.of("rsync: [sender] link_stat \"/x\" failed: No such file or directory (2)", "not itemized"),
        Arguments.of("file has vanished: \"/srv/a\"", "not itemized"));
  }

  /** Each line: code, length, name, what it is, whether it changes with times preserved, and without. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("lines")
  void itemizedLinesAreParsedAndDecoded(String line, String expected) {
    String parsed = Itemized.of(line).map(i -> String.join("|", i.code(), Long.toString(i.length()), i.path(),
        i.sent() ? "sent" : i.deletion() ? "deleted" : "-", i.changes(true) ? "change" : "none",
        i.changes(false) ? "change" : "none")).orElse("not itemized");
    assertEquals(expected, parsed);
  }

  /** The progress counts a line as a file sent, with its length in bytes, exactly when the plan does. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("lines")
  void theProgressCountsTheFilesThePlanCountsAsSent(String line, String unused) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(Rsync.meter(0, 0).counts().get(0).pattern()).matcher(line);
    Optional<Itemized> item = Itemized.of(line);
    assertEquals(item.filter(Itemized::sent).map(i -> Long.toString(i.length())).orElse("not counted"),
        m.find() ? m.group("bytes") : "not counted");
  }
}
