package runbook.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UnifiedDiffTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("equal texts", "a\nb\n", "a\nb\n", ""),
        Arguments.of(
            "new file", "", "a\nb\n",
            "--- before: f\n+++ after: f\n@@ -0,0 +1,2 @@\n+a\n+b\n"),
        Arguments.of(
            "removed file", "a\n", "",
            "--- before: f\n+++ after: f\n@@ -1 +0,0 @@\n-a\n"),
        Arguments.of(
            "one line changed in the middle", "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n",
            "--- before: f\n+++ after: f\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"),
        Arguments.of(
            "line appended", "a\nb\n", "a\nb\nc\n",
            "--- before: f\n+++ after: f\n@@ -1,2 +1,3 @@\n a\n b\n+c\n"),
        Arguments.of(
            "missing final newline added", "a\nb", "a\nb\n",
            "--- before: f\n+++ after: f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n"),
        Arguments.of(
            "two distant changes make two hunks",
            "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "x\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\ny\n",
            "--- before: f\n+++ after: f\n@@ -1,4 +1,4 @@\n-1\n+x\n 2\n 3\n 4\n@@ -9,4 +9,4 @@\n 9\n 10\n 11\n-12\n+y\n"),
        Arguments.of(
            "close changes share a hunk", "1\n2\n3\n4\n5\n", "x\n2\n3\n4\ny\n",
            "--- before: f\n+++ after: f\n@@ -1,5 +1,5 @@\n-1\n+x\n 2\n 3\n 4\n-5\n+y\n"),
        Arguments.of(
            "a byte that is not UTF-8 is shown, in context too", "name=caf\uDCE9\nother=1\n", "name=caf\uDCE9\nother=2\n",
            "--- before: f\n+++ after: f\n@@ -1,2 +1,2 @@\n name=caf\\xE9\n-other=1\n+other=2\n"),
        Arguments.of(
            "a byte turned into U+FFFD is a change", "name=caf\uDCE9\n", "name=caf\uFFFD\n",
            "--- before: f\n+++ after: f\n@@ -1 +1 @@\n-name=caf\\xE9\n+name=caf\uFFFD\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void diffs(String name, String before, String after, String expected) {
    assertEquals(expected, UnifiedDiff.of("f", before, after));
  }
}
