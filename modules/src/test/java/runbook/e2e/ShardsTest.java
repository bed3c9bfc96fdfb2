package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import runbook.schema.JsonSchemas;

/** apply --shard I/N and report merge: the shards cover the inventory once, and merged they are the unsharded run. */
class ShardsTest {
  private static final List<String> HOSTS = List.of("web1", "web2", "web3", "db1", "db2", "cache1", "cache2", "mail1");
  private static final int SHARDS = 3;

  @TempDir Path dir;
  private Path inventory;
  private Path book;

  /** Local hosts, each with its own root; a handler only some hosts notify, so the shards see different tasks. */
  @BeforeEach
  void write() throws IOException {
    StringBuilder hosts = new StringBuilder();
    for (String host : HOSTS) {
      Path root = Files.createDirectories(dir.resolve(host));
      hosts.append("        ").append(host).append(": {ansible_connection: local, root: \"").append(root).append("\"}\n");
    }
    inventory = Files.writeString(dir.resolve("inventory.yml"), "all:\n  hosts:\n" + hosts.toString().replace("        ", "    "));
    book = Files.writeString(dir.resolve("site.yml"), """
        - hosts: all
          tasks:
            - name: Write the config
              copy: {content: "site {{ inventory_hostname[:-1] }}\\n", dest: "{{ root }}/app.conf"}
            - name: Only the web hosts
              copy: {content: "web\\n", dest: "{{ root }}/web.conf"}
              when: "'web' in inventory_hostname"
              notify: reload web
            - name: Migrate
              command: "touch {{ root }}/migrated"
          handlers:
            - name: reload web
              copy: {content: "reloaded\\n", dest: "{{ root }}/reloaded"}
        - hosts: db*
          tasks:
            - debug: {msg: "a database"}
        """);
  }

  @Test
  void shardsCoverTheInventoryOnceAndMergeIntoTheUnshardedRun() throws IOException {
    Command whole = apply(null, "all");
    assertEquals(0, whole.exitCode(), whole.toString());

    Set<String> seen = new HashSet<>();
    List<String> shardFiles = new ArrayList<>();
    for (int i = 1; i <= SHARDS; i++) {
      Command part = apply(i + "/" + SHARDS, "shard" + i);
      assertEquals(0, part.exitCode(), part.toString());
      shardFiles.add(dir.resolve("shard" + i + ".json").toString());
      for (JsonNode row : json("shard" + i + ".json").get("recap")) {
        assertTrue(seen.add(row.get("host").asText()), row.get("host").asText() + " is in two shards");
      }
    }
    assertEquals(Set.copyOf(HOSTS), seen);

    List<String> merge = new ArrayList<>(List.of("report", "merge"));
    merge.addAll(shardFiles);
    merge.addAll(List.of("--report", dir.resolve("merged.json").toString(), "--report", dir.resolve("merged.md").toString(),
        "--report", dir.resolve("merged.xml").toString()));
    Command merged = Command.run(merge.toArray(String[]::new));
    assertEquals(0, merged.exitCode(), merged.toString());
    assertEquals(whole.out().substring(whole.out().indexOf("PLAY RECAP")), merged.out().substring(merged.out().indexOf("PLAY RECAP")));

    for (String report : List.of("shard1.json", "shard2.json", "shard3.json", "all.json", "merged.json")) {
      assertEquals(List.of(), JsonSchemas.problems("report.schema.json", Files.readString(dir.resolve(report)), InputFormat.JSON), report);
    }
    assertEquals(withoutTimes(Files.readString(dir.resolve("all.json"))), withoutTimes(Files.readString(dir.resolve("merged.json"))));
    assertEquals(Files.readString(dir.resolve("all.md")), Files.readString(dir.resolve("merged.md")));
    assertEquals(withoutTimes(Files.readString(dir.resolve("all.xml"))), withoutTimes(Files.readString(dir.resolve("merged.xml"))));
    // web1..web3 are all in shard 3 (pinned by the hash): the others ran no handler, and shard 3 no db host
    assertTrue(!Files.readString(dir.resolve("shard1.json")).contains("reload web"));
    assertTrue(json("shard3.json").get("plays").get(1).get("noHostsMatched").asBoolean());
    assertTrue(Files.readString(dir.resolve("merged.md")).contains("reload web"), "the handler of one shard is in the merged report");
  }

  @Test
  void reportsOfDifferentRunsAreNotMerged() throws IOException {
    apply("1/2", "a");
    Files.writeString(inventory, Files.readString(inventory) + "    extra: {ansible_connection: local, root: \"" + dir + "\"}\n");
    apply("2/2", "b");
    Command c = Command.run("report", "merge", dir.resolve("a.json").toString(), dir.resolve("b.json").toString());
    assertEquals(64, c.exitCode(), c.toString());
    assertTrue(c.err().startsWith("runbook: the reports are of runs on different inventories: "), c.toString());
    Command notJson = Command.run("report", "merge", book.toString());
    assertEquals(64, notJson.exitCode(), notJson.toString());
    assertTrue(notJson.err().startsWith("runbook: " + book + " is not a runbook JSON report: "), notJson.toString());
    Command badShard = Command.run("apply", "--shard", "4/3", inventory.toString(), book.toString());
    assertEquals(64, badShard.exitCode(), badShard.toString());
    assertEquals("runbook: --shard must be I/N with 1 <= I <= N (2/5: the second of five parts), not '4/3'",
        badShard.err().lines().findFirst().orElse(""));
  }

  private Command apply(String shard, String report) {
    List<String> args = new ArrayList<>(List.of("apply", "--check", "--diff"));
    if (shard != null) {
      args.addAll(List.of("--shard", shard));
    }
    for (String ext : List.of(".json", ".md", ".xml")) {
      args.addAll(List.of("--report", dir.resolve(report + ext).toString()));
    }
    args.addAll(List.of(inventory.toString(), book.toString()));
    return Command.run(args.toArray(String[]::new));
  }

  private JsonNode json(String name) throws IOException {
    return new ObjectMapper().readTree(dir.resolve(name).toFile());
  }

  private static String withoutTimes(String report) {
    return report.replaceAll("\"millis\" : \\d+", "\"millis\" : 0").replaceAll("time=\"[0-9.]+\"", "time=\"0\"");
  }
}
