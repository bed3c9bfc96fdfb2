package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.InputFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import runbook.schema.JsonSchemas;

/**
 * Secrets seeded every way a run knows them (vault values and files made by ansible-vault, a
 * secret name, a runbook's runbook_secrets, --secret-vars), passed through filters into copy,
 * template, command and debug, never reach the output of an apply with --diff -vvv, nor an error.
 */
class SecretsTest {
  private static final Path VAULT = Path.of("src/test/resources/runbook/e2e/vault");
  /** The values, and how the runbook below reads each. */
  private static final List<String> SECRETS = List.of(
      "Vault-Secret-71b", // vault_db: a !vault value in the inventory, format 1.1
      "Labelled-Secret-9f", // labelled: a !vault value of the play, format 1.2 with a label
      "FileVault-Secret-44", // plain_looking: in a vars file ansible-vault encrypted whole
      "Cert-Line-One-aa11", // a line of tls_cert, in the same file
      "Named-Secret-53c", // mysql_root_pw: secret by its name
      "Declared-Secret-8d2", // app_pin: declared by runbook_secrets
      "Flag-Secret-6e1", // deploy_phrase: declared by --secret-vars
      "Copied-Secret-c0f", // files/secret.txt, which ansible-vault encrypted
      "Env-Secret-e77", // PGPASSWORD, in a task's environment
      "NoLog-Value-3b7"); // no secret at all, but shown only by tasks with no_log

  @TempDir Path dir;
  private Path root;
  private Path inventory;
  private Path book;

  @BeforeEach
  void write() throws IOException {
    root = Files.createDirectories(dir.resolve("host"));
    Files.copy(VAULT.resolve("vault-password"), dir.resolve("vault-password"));
    Files.copy(VAULT.resolve("wrong-password"), dir.resolve("wrong-password"));
    Files.copy(VAULT.resolve("vault_vars.yml"), dir.resolve("vault_vars.yml"));
    Files.createDirectories(dir.resolve("files"));
    Files.copy(VAULT.resolve("secret.txt"), dir.resolve("files/secret.txt"));
    inventory = Files.writeString(dir.resolve("inventory.yml"), """
        all:
          hosts:
            localhost:
              ansible_connection: local
          vars:
            root: "%s"
            mysql_root_pw: Named-Secret-53c
        %s
        """.formatted(root, indent(Files.readString(VAULT.resolve("inventory-vault-value.yml")), "    ")));
    Files.createDirectories(dir.resolve("templates"));
    Files.writeString(dir.resolve("templates/app.conf.j2"), """
        # app
        user = admin
        db_password = {{ mysql_root_pw }}
        vault = {{ vault_db | upper }}
        {% set pin = app_pin | b64encode %}
        pin = {{ pin }}
        pin_upper = {{ pin | upper }}
        phrase = {{ deploy_phrase | to_json }}
        joined = {{ plain_looking ~ '/' ~ labelled }}
        port = 5432
        """);
    book = Files.writeString(dir.resolve("site.yml"), """
        - hosts: all
          runbook_secrets: [app_pin]
          vars_files: [vault_vars.yml]
          vars:
            app_pin: Declared-Secret-8d2
        %s
            all_secrets: [ "{{ vault_db }}", "{{ labelled }}", "{{ plain_looking }}", "{{ mysql_root_pw }}", "{{ app_pin }}", "{{ deploy_phrase }}" ]
          tasks:
            - copy:
                dest: "{{ root }}/copy.conf"
                content: |
                  user=admin
                  {%% for s in all_secrets %%}
                  b64={{ s | b64encode }}
                  upper={{ s | upper }}
                  concat={{ 'pre-' ~ s ~ '-post' }}
                  json={{ {'k': s} | to_json }}
                  {%% endfor %%}
                  end=1
            - copy: {dest: "{{ root }}/cert.pem", content: "{{ tls_cert }}"}
            - copy: {dest: "{{ root }}/copied.txt", src: secret.txt}
            - template: {src: app.conf.j2, dest: "{{ root }}/app.conf"}
            - command: echo {{ item | upper }} {{ item | b64encode }} {{ 'x' ~ item }}
              loop: "{{ all_secrets }}"
              register: echoed
            - debug: var=echoed
            - command: sh -c 'echo "$PGPASSWORD"'
              environment: {PGPASSWORD: Env-Secret-e77}
              register: env_out
            - debug: {msg: "{{ env_out.stdout }}"}
            - set_fact:
                derived: "{{ all_secrets | join(',') | b64encode }}"
            - debug: {msg: "{{ derived }} {{ derived | b64decode | lower }}"}
            - command: "sh -c 'echo {{ item | upper }} >&2; exit 3'"
              loop: "{{ all_secrets }}"
              ignore_errors: true
            - fail: {msg: "{{ all_secrets | map('upper') | join(' ') }}"}
              ignore_errors: true
            - copy: {dest: "{{ root }}/nolog.txt", content: "NoLog-Value-3b7\\n"}
              no_log: true
            - fail: {msg: "NoLog-Value-3b7"}
              no_log: true
              ignore_errors: true
        """.formatted(indent(Files.readString(VAULT.resolve("play-vault-value.yml")), "    ")));
  }

  @Test
  void noSecretReachesTheOutputNorAnError() throws IOException {
    Command first = apply("Flag-Secret-6e1");
    assertEquals(0, first.exitCode(), first.toString());
    // the secrets did reach the host, so their absence from the output means something
    String written = Files.readString(root.resolve("copy.conf")) + Files.readString(root.resolve("app.conf"));
    for (String secret : List.of("Vault-Secret-71b", "Named-Secret-53c", "Flag-Secret-6e1")) {
      assertTrue(written.contains(b64(secret)) && written.contains(secret.toUpperCase(Locale.ROOT)), written);
    }
    assertTrue(Files.readString(root.resolve("cert.pem")).contains("Cert-Line-One-aa11"));
    assertEquals("Copied-Secret-c0f\n", Files.readString(root.resolve("copied.txt")));
    assertNoSecret(first, SECRETS);

    // a new value changes lines holding the old one: the old one shows neither
    Command second = apply("Flag-Secret-7f2");
    assertEquals(0, second.exitCode(), second.toString());
    List<String> both = new ArrayList<>(SECRETS);
    both.add("Flag-Secret-7f2");
    assertNoSecret(second, both);
  }

  @Test
  void aDiffShowsTheLinesWithoutSecretsAndHidesTheOthers() throws IOException {
    Command c = apply("Flag-Secret-6e1");
    String out = c.out();
    for (String shown : List.of("+user = admin", "+port = 5432", "+# app", "+user=admin", "+end=1")) {
      assertTrue(out.contains("\n" + shown + "\n"), shown + " is not shown\n" + c);
    }
    assertTrue(out.contains("\n+******** (a line holding a secret)\n"), c.toString());
    for (String report : List.of("r.md", "r.json", "r.xml")) {
      String text = Files.readString(dir.resolve(report));
      assertTrue(text.contains("+user = admin") && text.contains("+******** (a line holding a secret)"), report + ":\n" + text);
    }
    assertEquals(List.of(), JsonSchemas.problems("report.schema.json", Files.readString(dir.resolve("r.json")), InputFormat.JSON));
  }

  @Test
  void aWrongVaultPasswordIsOneSentenceAndTouchesNoHost() throws IOException {
    Snapshot before = Snapshot.of(root);
    for (String command : List.of("apply", "validate")) {
      Command c = Command.run(command, "--vault-password-file", dir.resolve("wrong-password").toString(),
          "--secret-vars", "deploy_phrase", "-e", "deploy_phrase=x", inventory.toString(), book.toString());
      assertEquals(3, c.exitCode(), c.toString());
      List<String> heads = c.err().lines().filter(l -> l.startsWith(dir.toString())).toList();
      assertEquals(List.of(
          inventory + ":8:15: cannot decrypt this !vault value: the vault password does not open this vault",
          book + ":6:15: cannot decrypt this !vault value: the vault password does not open this vault (vault id 'prod')",
          dir.resolve("vault_vars.yml") + ":1:1: cannot decrypt the file: the vault password does not open this vault"),
          heads, c.toString());
    }
    assertEquals(before, Snapshot.of(root));
  }

  @Test
  void withoutATerminalAskVaultPassSaysSo() {
    Command c = Command.run("apply", "--ask-vault-pass", inventory.toString(), book.toString());
    assertEquals(64, c.exitCode(), c.toString());
    assertEquals("runbook: --ask-vault-pass needs a terminal to ask on; without one, give the password in a file with --vault-password-file FILE",
        c.err().lines().findFirst().orElse(""));
  }

  /** A problem quotes its source line; the secret on it is masked there, in validate as in apply. */
  @Test
  void validateNeverQuotesASecret() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.yml"), """
        - hosts: all
          vars:
            mysql_root_pw: Named-Secret-53c
            mysql_root_pw: Named-Secret-53c
            api_token: "Token-Secret-0a9 {{"
          tasks:
            - debug: {msg: "{{ mysql_root_pw }}"}
        """);
    for (String command : List.of("validate", "apply")) {
      Command c = Command.run(command, "--vault-password-file", dir.resolve("vault-password").toString(), inventory.toString(), bad.toString());
      assertEquals(3, c.exitCode(), c.toString());
      assertTrue(c.err().contains("duplicate key 'mysql_root_pw'"), c.toString());
      assertTrue(c.err().contains("    mysql_root_pw: ********\n"), c.toString());
      assertNoSecret(c, List.of("Named-Secret-53c", "Token-Secret-0a9"));
    }
    Command json = Command.run("validate", "--format", "json", "--vault-password-file", dir.resolve("vault-password").toString(),
        inventory.toString(), bad.toString());
    assertTrue(json.out().contains("duplicate key 'mysql_root_pw'"), json.toString());
    assertNoSecret(json, List.of("Named-Secret-53c", "Token-Secret-0a9"));
  }

  /** With a report in every format: what the console hides they hide. */
  private Command apply(String phrase) {
    return Command.run("apply", "--diff", "-vvv", "--vault-password-file", dir.resolve("vault-password").toString(),
        "--secret-vars", "deploy_*", "-e", "deploy_phrase=" + phrase, "--report", dir.resolve("r.md").toString(),
        "--report", dir.resolve("r.json").toString(), "--report", dir.resolve("r.xml").toString(), inventory.toString(), book.toString());
  }

  /** None of the values, nor what the runbook's filters make of them, is in the output, nor in a report written. */
  private void assertNoSecret(Command c, List<String> secrets) throws IOException {
    String all = c.out() + c.err();
    for (String report : List.of("r.md", "r.json", "r.xml")) {
      if (Files.exists(dir.resolve(report))) {
        all += "\n--- " + report + "\n" + Files.readString(dir.resolve(report));
      }
    }
    for (String secret : secrets) {
      for (String form : List.of(secret, secret.toUpperCase(Locale.ROOT), secret.toLowerCase(Locale.ROOT), b64(secret),
          b64(secret.toUpperCase(Locale.ROOT)))) {
        assertFalse(all.contains(form), "'" + form + "' (from " + secret + ") was printed\n" + c);
      }
    }
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String indent(String text, String prefix) {
    return text.lines().map(l -> prefix + l).reduce((a, b) -> a + "\n" + b).orElse("");
  }
}
