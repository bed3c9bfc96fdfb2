package runbook.modules.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static runbook.modules.Calls.args;

import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.Calls;
import runbook.modules.FakeController;
import runbook.modules.FakeHost;
import runbook.modules.PlanText;

/** known_hosts from one read of the file: the host's lines found as ssh-keygen -F finds them, decided as Ansible decides. */
class KnownHostsPlanTest {
  private static final String ED = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILttGVN1cO7QYUY0nmo01xVo";
  private static final String ED2 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJAk/521yEe+1WhhoHRmJYT3";
  private static final String RSA = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDPDdectgCQrX";
  /** HMAC-SHA1 of web1.example.org with the salt 0, 1, ... 19 (computed with Python's hmac). */
  private static final String HASHED = "|1|AAECAwQFBgcICQoLDA0ODxAREhM=|IWZlL6GpyW6u8iQ+kuY6z8WWWag=";
  private static final String HASHED_PORT = "|1|AAECAwQFBgcICQoLDA0ODxAREhM=|IzQRsaSAlDntAEBKJe3y5DUHJEs=";
  private static final String PATH = "/root/.ssh/known_hosts";
  private static final String OTHERS = "# kept\nold.example.org " + ED2 + "\n\n";

  static Stream<Arguments> cases() {
    String web1 = "web1.example.org";
    return Stream.of(
        Arguments.of("converged: the key is there, the comment of the key given does not count", args("name", web1, "key", web1 + " " + ED + " root@web1"),
            file(OTHERS + web1 + " " + ED + "\n"), "ok: the ssh-ed25519 key of web1.example.org is in /root/.ssh/known_hosts\n" + data(web1, web1 + " " + ED + " root@web1", "present")),
        Arguments.of("a new host is appended; every other byte kept", args("name", web1, "key", web1 + " " + ED),
            file(OTHERS),
            "changed: add the ssh-ed25519 key of web1.example.org in /root/.ssh/known_hosts\n"
                + "  write /root/.ssh/known_hosts \"" + esc(OTHERS) + "web1.example.org " + ED + "\\n\"\n"
                + "  diff /root/.ssh/known_hosts \"" + esc(OTHERS) + "\" -> \"" + esc(OTHERS) + "web1.example.org " + ED + "\\n\"\n"
                + data(web1, web1 + " " + ED, "present")),
        Arguments.of("a changed key of the same type: that line goes, the new one is appended", args("name", web1, "key", web1 + " " + ED),
            file(web1 + " " + ED2 + "\n" + OTHERS),
            "changed: replace the ssh-ed25519 key of web1.example.org in /root/.ssh/known_hosts\n"
                + "  write /root/.ssh/known_hosts \"" + esc(OTHERS) + "web1.example.org " + ED + "\\n\"\n"
                + "  diff /root/.ssh/known_hosts \"web1.example.org " + ED2 + "\\n" + esc(OTHERS) + "\" -> \"" + esc(OTHERS) + "web1.example.org " + ED + "\\n\"\n"
                + data(web1, web1 + " " + ED, "present")),
        Arguments.of("a key of another type is added beside the host's rsa key", args("name", web1, "key", web1 + " " + ED),
            file(web1 + " " + RSA + "\n"),
            "changed: add the ssh-ed25519 key of web1.example.org in /root/.ssh/known_hosts\n"
                + "  write /root/.ssh/known_hosts \"web1.example.org " + RSA + "\\nweb1.example.org " + ED + "\\n\"\n"
                + "  diff /root/.ssh/known_hosts \"web1.example.org " + RSA + "\\n\" -> \"web1.example.org " + RSA + "\\nweb1.example.org " + ED + "\\n\"\n"
                + data(web1, web1 + " " + ED, "present")),
        Arguments.of("a last line without its newline gets one before the new line", args("name", web1, "key", web1 + " " + ED),
            file("old.example.org " + ED2),
            "changed: add the ssh-ed25519 key of web1.example.org in /root/.ssh/known_hosts\n"
                + "  write /root/.ssh/known_hosts \"old.example.org " + ED2 + "\\nweb1.example.org " + ED + "\\n\"\n"
                + "  diff /root/.ssh/known_hosts \"old.example.org " + ED2 + "\" -> \"old.example.org " + ED2 + "\\nweb1.example.org " + ED + "\\n\"\n"
                + data(web1, web1 + " " + ED, "present")),
        Arguments.of("a new file, where ~ is the remote user's home", args("name", web1, "key", web1 + " " + ED),
            FakeHost.empty().dir("/root/.ssh").probe("printf %s \"$HOME\"", 0, "/root"),
            "changed: add the ssh-ed25519 key of web1.example.org in /root/.ssh/known_hosts\n"
                + "  write /root/.ssh/known_hosts \"web1.example.org " + ED + "\\n\"\n"
                + "  diff /root/.ssh/known_hosts \"\" -> \"web1.example.org " + ED + "\\n\"\n"
                + data(web1, web1 + " " + ED, "present")),
        Arguments.of("no directory for a new file fails, as Ansible's does", args("name", web1, "key", web1 + " " + ED, "path", "/home/app/.ssh/known_hosts"),
            FakeHost.empty(), "failed: cannot write /home/app/.ssh/known_hosts: its directory does not exist\n"
                + "  data {hash_host=false, key=" + web1 + " " + ED + ", name=" + web1 + ", path=/home/app/.ssh/known_hosts, state=present}\n"),
        Arguments.of("a hashed line is the host's: converged", args("name", web1, "key", web1 + " " + ED, "hash_host", true),
            file(HASHED + " " + ED + "\n"), "ok: the ssh-ed25519 key of web1.example.org is in /root/.ssh/known_hosts\n" + data(web1, web1 + " " + ED, "present", true)),
        Arguments.of("the name is hashed without case, as Ansible lowers it", args("name", "WEB1.example.org", "key", web1 + " " + ED, "hash_host", true),
            file(HASHED + " " + ED + "\n"), "ok: the ssh-ed25519 key of web1.example.org is in /root/.ssh/known_hosts\n" + data("WEB1.example.org", web1 + " " + ED, "present", true)),
        Arguments.of("a plain key given for a hashed line replaces it, as in Ansible (the names differ)", args("name", web1, "key", web1 + " " + ED),
            file(HASHED + " " + ED + "\n"),
            "changed: replace the ssh-ed25519 key of web1.example.org in /root/.ssh/known_hosts\n"
                + "  write /root/.ssh/known_hosts \"web1.example.org " + ED + "\\n\"\n"
                + "  diff /root/.ssh/known_hosts \"" + HASHED + " " + ED + "\\n\" -> \"web1.example.org " + ED + "\\n\"\n"
                + data(web1, web1 + " " + ED, "present")),
        Arguments.of("hash_host over a plain line: replaced by the hashed one", args("name", web1, "key", web1 + " " + ED, "hash_host", true),
            file(web1 + " " + ED + "\n"),
            "changed: replace the ssh-ed25519 key of web1.example.org in /root/.ssh/known_hosts\n"
                + "  write /root/.ssh/known_hosts \"" + HASHED + " " + ED + "\\n\"\n"
                + "  diff /root/.ssh/known_hosts \"web1.example.org " + ED + "\\n\" -> \"" + HASHED + " " + ED + "\\n\"\n"
                + data(web1, web1 + " " + ED, "present", true)),
        Arguments.of("a port: [host]:port, hashed", args("name", "[web1.example.org]:2222", "key", "[web1.example.org]:2222 " + ED, "hash_host", true),
            file(HASHED_PORT + " " + ED + "\n" + web1 + " " + ED2 + "\n"),
            "ok: the ssh-ed25519 key of [web1.example.org]:2222 is in /root/.ssh/known_hosts\n" + data("[web1.example.org]:2222", "[web1.example.org]:2222 " + ED, "present", true)),
        Arguments.of("a pattern list names the host", args("name", web1, "key", "web1.example.org,10.0.0.1 " + ED),
            file("web1.example.org,10.0.0.1 " + ED + "\n"),
            "ok: the ssh-ed25519 key of web1.example.org is in /root/.ssh/known_hosts\n" + data(web1, "web1.example.org,10.0.0.1 " + ED, "present")),
        Arguments.of("absent without a key: every line of the host goes, hashed ones too", args("name", web1, "state", "absent"),
            file(web1 + " " + RSA + "\n" + OTHERS + HASHED + " " + ED + "\n*.example.org,!web1.example.org " + ED2 + "\n"),
            "changed: remove web1.example.org from /root/.ssh/known_hosts\n"
                + "  write /root/.ssh/known_hosts \"" + esc(OTHERS) + "*.example.org,!web1.example.org " + ED2 + "\\n\"\n"
                + "  diff /root/.ssh/known_hosts \"web1.example.org " + RSA + "\\n" + esc(OTHERS) + HASHED + " " + ED + "\\n*.example.org,!web1.example.org " + ED2
                + "\\n\" -> \"" + esc(OTHERS) + "*.example.org,!web1.example.org " + ED2 + "\\n\"\n"
                + data(web1, null, "absent")),
        Arguments.of("absent with a key: only the line of its type goes", args("name", web1, "key", web1 + " " + ED, "state", "absent"),
            file(web1 + " " + RSA + "\n" + web1 + " " + ED + "\n"),
            "changed: remove the ssh-ed25519 key of web1.example.org from /root/.ssh/known_hosts\n"
                + "  write /root/.ssh/known_hosts \"web1.example.org " + RSA + "\\n\"\n"
                + "  diff /root/.ssh/known_hosts \"web1.example.org " + RSA + "\\nweb1.example.org " + ED + "\\n\" -> \"web1.example.org " + RSA + "\\n\"\n"
                + data(web1, web1 + " " + ED, "absent")),
        Arguments.of("absent already: no file at all", args("name", web1, "state", "absent"), FakeHost.empty().probe("printf %s \"$HOME\"", 0, "/root"),
            "ok: web1.example.org is not in /root/.ssh/known_hosts\n" + data(web1, null, "absent")),
        Arguments.of("absent already: a wildcard that excludes the host is not the host's", args("name", web1, "key", web1 + " " + ED, "state", "absent"),
            file("*.example.org,!web1.example.org " + ED + "\n"),
            "ok: the ssh-ed25519 key of web1.example.org is not in /root/.ssh/known_hosts\n" + data(web1, web1 + " " + ED, "absent")),
        Arguments.of("present needs a key", args("name", web1), FakeHost.empty(), "failed: No key specified when adding a host\n"),
        Arguments.of("the key must name the host", args("name", web1, "key", "other.example.org " + ED), file(""),
            "failed: Host parameter does not match hashed host field in supplied key\n" + data(web1, "other.example.org " + ED, "present")),
        Arguments.of("a list of names is refused", args("name", "a.example.org,b.example.org", "key", "a.example.org " + ED), file(""),
            "failed: Comma separated list of names is not supported. Please pass a single name to lookup in the known_hosts file.\n"
                + data("a.example.org,b.example.org", "a.example.org " + ED, "present")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Map<String, Object> args, FakeHost host, String expected) {
    byte[] salt = new byte[20];
    IntStream.range(0, 20).forEach(i -> salt[i] = (byte) i);
    assertEquals(expected, PlanText.of(Calls.plan(new KnownHostsModule(() -> salt), args, host, FakeController.empty(), false)));
  }

  private static FakeHost file(String content) {
    return FakeHost.empty().dir("/root/.ssh").file(PATH, content).probe("printf %s \"$HOME\"", 0, "/root");
  }

  private static String data(String name, String key, String state) {
    return data(name, key, state, false);
  }

  private static String data(String name, String key, String state, boolean hashed) {
    return "  data {hash_host=" + hashed + (key == null ? "" : ", key=" + key) + ", name=" + name + ", path=" + PATH + ", state=" + state + "}\n";
  }

  private static String esc(String text) {
    return text.replace("\n", "\\n").replace("\"", "\\\"");
  }
}
