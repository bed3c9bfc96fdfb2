package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import runbook.connect.ConnectOptions;
import runbook.connect.Connections;
import runbook.lab.Lab;
import runbook.lab.LabExtension;

/**
 * get_url and unarchive on a real lab host over ssh, with its own clients (python3 where there is
 * no curl or wget): files served by python3's http.server on the host's loopback, a download
 * checked against a checksum file, then unpacked from the host, from the URL and from the
 * controller. Four steps: a check run predicts each change (the unpacking of what an earlier task
 * would download as depending on it), then the apply, then nothing left to do.
 */
@ExtendWith(LabExtension.class)
class DownloadLabTest {
  private static final String HOST = "h2";
  private static final String ROOT = "/srv/dl-test";

  @TempDir Path dir;

  private static String exec(Lab lab, String command) {
    try (Connections connections = new Connections(ConnectOptions.defaults())) {
      var h = lab.hosts().stream().filter(x -> x.name().equals(HOST)).findFirst().orElseThrow();
      var r = connections.forHost(h.name(), lab.connectionVars(h, "root")).exec(command, null);
      if (r.rc() != 0) {
        throw new AssertionError("'" + command + "' failed: " + r.err() + r.out());
      }
      return r.out();
    }
  }

  @Test
  void downloadThenUnpackInFourSteps(Lab lab) throws IOException {
    exec(lab, "rm -rf " + ROOT + " && mkdir -p " + ROOT + "/www/tree/app/conf " + ROOT + "/out/host " + ROOT + "/out/url " + ROOT + "/out/sent"
        + " && echo 'v1' > " + ROOT + "/www/tree/app/VERSION && echo 'port=80' > " + ROOT + "/www/tree/app/conf/app.conf"
        + " && tar -czf " + ROOT + "/www/app.tar.gz -C " + ROOT + "/www/tree app && (cd " + ROOT + "/www && sha256sum app.tar.gz > SUMS)");
    String server = exec(lab, "cd " + ROOT + "/www && (exec python3 -m http.server 8094 --bind 127.0.0.1) >/dev/null 2>&1 </dev/null & echo $!").strip();
    try {
      exec(lab, "for i in $(seq 50); do python3 -c 'import socket; socket.create_connection((\"127.0.0.1\", 8094))' 2>/dev/null && exit 0; sleep 0.2; done; exit 1");
      Path book = Fixtures.runbook(dir, """
          - get_url: {url: "http://127.0.0.1:8094/app.tar.gz", dest: "%1$s/out/", checksum: "sha256:http://127.0.0.1:8094/SUMS", mode: "0600"}
            register: g
          - unarchive: {src: "%1$s/out/app.tar.gz", dest: "%1$s/out/host", remote_src: true}
          - unarchive: {src: "http://127.0.0.1:8094/app.tar.gz", dest: "%1$s/out/url", remote_src: true, include: [app/VERSION]}
          - unarchive: {src: app.tar.gz, dest: "%1$s/out/sent", owner: nobody}
          """.formatted(ROOT));
      Files.write(book.getParent().resolve("files/app.tar.gz"), java.util.Base64.getDecoder().decode(exec(lab, "base64 -w0 " + ROOT + "/www/app.tar.gz").strip()));
      var c = new LocalFourStepTest.Case("download", Map.of(), "", 4);
      LocalFourStepTest.fourSteps(c, 1, () -> exec(lab, "cd " + ROOT + "/out && find . -printf '%P %m %u %s\\n' | sort"), "-l", HOST,
          lab.inventory().toString(), book.toString());
      assertEquals("600 root\n", exec(lab, "stat -c '%a %U' " + ROOT + "/out/app.tar.gz"));
      assertEquals("nobody nobody\n", exec(lab, "stat -c %U " + ROOT + "/out/sent/app/VERSION " + ROOT + "/out/sent/app/conf/app.conf | xargs"));
      assertEquals("VERSION\n", exec(lab, "ls " + ROOT + "/out/url/app"));
      assertEquals("v1\n", exec(lab, "cat " + ROOT + "/out/host/app/VERSION"));
    } finally {
      exec(lab, "kill " + server + "; rm -rf " + ROOT);
    }
  }
}
