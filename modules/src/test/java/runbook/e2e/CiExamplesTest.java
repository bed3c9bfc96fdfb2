package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import runbook.lab.Lab;
import runbook.lab.LabExtension;
import runbook.schema.JsonSchemas;

/**
 * The CI templates of examples/ci run as their CI would run them: their shell lines, read from the
 * YAML, in a checkout of the example runbook whose inventory is the lab's hosts. gh and curl are
 * stand-ins that answer as GitHub's and GitLab's APIs do and record what was sent, so that posting
 * one comment, then updating it, is tested too.
 */
@ExtendWith(LabExtension.class)
class CiExamplesTest {
  private static final Path REPO = JsonSchemas.folder().getParent();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path dir;
  private Path checkout;
  private Path fakes;

  @BeforeEach
  void checkout(Lab lab) throws IOException {
    checkout = Files.createDirectories(dir.resolve("checkout"));
    copyTree(REPO.resolve("runbooks"), checkout.resolve("runbooks"));
    // the lab's hosts, with what the example inventory adds: where the site goes, what to apply
    String inventory = Files.readString(lab.inventory()).replace("  vars:\n",
        "  vars:\n    site_root: /srv/runbook-example\n    runbook_apply: [../runbooks/example-site.yml]\n");
    Files.createDirectories(checkout.resolve("inventories"));
    Files.writeString(checkout.resolve("inventories/lab.yml"), inventory);
    // ./runbook as the launcher would run it, on the classes under test (a build inside a build would race)
    executable(checkout.resolve("runbook"), "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
        + "' -cp \"$RUNBOOK_TEST_CLASSPATH\" runbook.cli.Main \"$@\"\n");
    fakes = Files.createDirectories(dir.resolve("bin"));
    executable(fakes.resolve("gh"), """
        #!/bin/sh
        # gh api [-X METHOD] PATH ... -F body=@FILE: records the call; a GET prints the comment's id once there is one
        method=GET; body=
        while [ $# -gt 0 ]; do
          case "$1" in
            -X) method=$2; shift ;;
            -F) body=${2#body=@}; shift ;;
            repos/*) path=$1 ;;
          esac
          shift
        done
        echo "$method $path" >> "$FAKE_LOG"
        case "$method" in
          GET) [ -f "$FAKE_STATE" ] && cat "$FAKE_STATE" ;;
          POST) echo 101 > "$FAKE_STATE"; cp "$body" "$FAKE_LOG.body" ;;
          PATCH) cp "$body" "$FAKE_LOG.body" ;;
        esac
        exit 0
        """);
    executable(fakes.resolve("curl"), """
        #!/bin/sh
        # curl [-X METHOD] --data @FILE URL: records the call; a GET of the notes lists the note once there is one
        method=GET; data=
        while [ $# -gt 0 ]; do
          case "$1" in
            -X) method=$2; shift ;;
            --data) data=${2#@}; shift ;;
            --header) shift ;;
            http*) url=$1 ;;
          esac
          shift
        done
        echo "$method $url" >> "$FAKE_LOG"
        case "$method" in
          GET) if [ -f "$FAKE_STATE" ]; then printf '%s\\n' '[{"id": 7, "body": "hi"}, {"id": 55, "body": "<!-- runbook preview -->\\nold"}]'; else echo '[]'; fi ;;
          POST) touch "$FAKE_STATE"; cp "$data" "$FAKE_LOG.body" ;;
          PUT) cp "$data" "$FAKE_LOG.body" ;;
        esac
        """);
  }

  @Test
  void theGitHubWorkflowValidatesPreviewsAndKeepsOneComment() throws Exception {
    JsonNode steps = YAML.readTree(REPO.resolve("examples/ci/github-actions.yml").toFile()).get("jobs").get("preview").get("steps");
    Map<String, String> env = env("github");
    Path output = Files.createFile(dir.resolve("github-output"));
    env.put("GITHUB_OUTPUT", output.toString());
    env.put("GITHUB_REPOSITORY", "acme/site");
    env.put("PR", "12");
    env.put("GH_TOKEN", "not-used");

    Run validate = bash(step(steps, "Validate"), env);
    assertEquals(0, validate.code(), validate.toString());
    assertEquals("ok: 1 runbook(s), 1 play(s), 3 host(s) in the inventory\n", validate.out());
    Run preview = bash(step(steps, "Preview"), env);
    assertEquals(0, preview.code(), preview.toString());
    assertEquals("status=0\n", Files.readString(output));
    assertPreview(Files.readString(checkout.resolve("preview.md")));
    assertTrue(Files.readString(checkout.resolve("preview.xml")).contains("<testcase classname=\"h3\" name=\"Render the vhost"));

    Run first = bash(step(steps, "Comment"), env);
    assertEquals(0, first.code(), first.toString());
    Run second = bash(step(steps, "Comment"), env);
    assertEquals(0, second.code(), second.toString());
    assertEquals(List.of("GET repos/acme/site/issues/12/comments", "POST repos/acme/site/issues/12/comments",
        "GET repos/acme/site/issues/12/comments", "PATCH repos/acme/site/issues/comments/101"), log(env));
    String body = Files.readString(Path.of(env.get("FAKE_LOG") + ".body"));
    assertEquals("<!-- runbook preview -->\n" + Files.readString(checkout.resolve("preview.md")), body);
  }

  @Test
  void theGitLabJobValidatesPreviewsAndKeepsOneNote() throws Exception {
    JsonNode job = YAML.readTree(REPO.resolve("examples/ci/gitlab-ci.yml").toFile()).get("runbook-preview");
    List<String> lines = new ArrayList<>();
    job.get("script").forEach(l -> lines.add(l.asText()));
    String script = String.join("\n", lines);
    Map<String, String> env = env("gitlab");
    env.put("CI_API_V4_URL", "https://gitlab.example.org/api/v4");
    env.put("CI_PROJECT_ID", "3");
    env.put("CI_MERGE_REQUEST_IID", "9");
    env.put("RUNBOOK_GITLAB_TOKEN", "not-used");

    Run first = bash(script, env);
    assertEquals(0, first.code(), first.toString());
    assertPreview(Files.readString(checkout.resolve("preview.md")));
    Run second = bash(script, env);
    assertEquals(0, second.code(), second.toString());
    String notes = "https://gitlab.example.org/api/v4/projects/3/merge_requests/9/notes";
    assertEquals(List.of("GET " + notes + "?per_page=100&sort=asc", "POST " + notes, "GET " + notes + "?per_page=100&sort=asc",
        "PUT " + notes + "/55"), log(env));
    JsonNode note = new ObjectMapper().readTree(Path.of(env.get("FAKE_LOG") + ".body").toFile());
    assertEquals("<!-- runbook preview -->\n" + Files.readString(checkout.resolve("preview.md")), note.get("body").asText());
  }

  /** The preview of the example on three fresh lab hosts: one line for the three, the handler apart. */
  private static void assertPreview(String md) {
    List<String> lines = md.lines().toList();
    assertEquals("# runbook preview (check mode: no host was changed)", lines.get(0), md);
    assertEquals("**3 hosts**: 3 would change, 0 ok, 0 failed, 0 unreachable; 3 steps cannot be predicted, 0 depend on an earlier simulated change",
        lines.get(2), md);
    assertTrue(lines.contains("### Render the vhost `runbooks/example-site.yml:26:7`"), md);
    assertTrue(lines.contains("- h1, h2, h3: would change, +7 -0 in `/srv/runbook-example/sites/example.org.conf`"), md);
    assertTrue(lines.contains("- reload apache `runbooks/example-site.yml:48:7` on h1, h2, h3: cannot predict: check mode: the handler would run"), md);
  }

  private Map<String, String> env(String name) {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", fakes + ":" + System.getenv("PATH"));
    env.put("HOME", System.getProperty("user.home"));
    env.put("INVENTORY", "inventories/lab.yml");
    env.put("RUNBOOK_TEST_CLASSPATH", System.getProperty("java.class.path"));
    env.put("FAKE_LOG", dir.resolve(name + ".log").toString());
    env.put("FAKE_STATE", dir.resolve(name + ".state").toString());
    return env;
  }

  private static List<String> log(Map<String, String> env) throws IOException {
    return Files.readAllLines(Path.of(env.get("FAKE_LOG")));
  }

  private static String step(JsonNode steps, String name) {
    for (JsonNode step : steps) {
      if (name.equals(step.path("name").asText())) {
        return step.get("run").asText();
      }
    }
    throw new AssertionError("the workflow has no step named " + name);
  }

  record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /** As GitHub runs a step (bash --noprofile --norc -eo pipefail), in the checkout; GitLab's shell stops at a failing line too. */
  private Run bash(String script, Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder b = new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script).directory(checkout.toFile());
    b.environment().clear();
    b.environment().putAll(env);
    b.redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
    Process p = b.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the script did not end in 5 minutes:\n" + script);
    }
    return new Run(p.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
  }

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
