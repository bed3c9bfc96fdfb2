package runbook.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import runbook.spi.RawText;

/** Inventories and runbooks written into a test's directory. */
final class Fixtures {
  private Fixtures() {}

  /** localhost on the local connection, with {@code root} as the variable "root". */
  static Path localInventory(Path dir, Path root) throws IOException {
    return Files.writeString(
        dir.resolve("inventory.yml"),
        "all:\n  hosts:\n    localhost:\n      ansible_connection: local\n  vars:\n    root: \"" + root + "\"\n");
  }

  /** The files of the tree files/many: their writes fit no single SSH exec request, so they take several round trips (see ActionRunner). */
  static final int MANY = 250;

  /** A one-play runbook on all hosts with these tasks, beside templates/site.conf.j2, latin1.conf.j2, files/static.txt and the trees files/conf.d and files/many. */
  static Path runbook(Path dir, String tasks) throws IOException {
    Path bookDir = Files.createDirectories(dir.resolve("book"));
    Files.createDirectories(bookDir.resolve("templates"));
    Files.createDirectories(bookDir.resolve("files"));
    Files.writeString(bookDir.resolve("templates/site.conf.j2"), "server {{ inventory_hostname }}\nroot {{ root }}\n");
    Files.writeString(bookDir.resolve("files/static.txt"), "static\n");
    Files.createDirectories(bookDir.resolve("files/conf.d/sub"));
    Files.createDirectories(bookDir.resolve("files/conf.d/empty"));
    Files.writeString(bookDir.resolve("files/conf.d/a.conf"), "a\n");
    Files.writeString(bookDir.resolve("files/conf.d/sub/b.conf"), "b\n");
    Files.createDirectories(bookDir.resolve("files/many"));
    for (int i = 0; i < MANY; i++) {
      Files.writeString(bookDir.resolve("files/many/file " + i + ".txt"), "it's file " + i + "\n");
    }
    Files.createDirectories(bookDir.resolve("files/linked"));
    Files.writeString(bookDir.resolve("files/linked/real.conf"), "real\n");
    Path alias = bookDir.resolve("files/linked/alias.conf");
    if (!Files.isSymbolicLink(alias)) { // a test may write its runbook twice
      Files.createSymbolicLink(alias, Path.of("real.conf"));
    }
    // "é" in Latin-1: the byte 0xE9, which is not UTF-8.
    Files.write(bookDir.resolve("templates/latin1.conf.j2"), RawText.encode("# caf\uDCE9\nserver {{ 6 * 7 }}\n"));
    String indented = tasks.lines().map(l -> "    " + l).reduce("", (a, b) -> a + b + "\n");
    return Files.writeString(bookDir.resolve("site.yml"), "- hosts: all\n  tasks:\n" + indented);
  }
}
