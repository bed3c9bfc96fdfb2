package runbook.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ShardTest {
  /** Every host is in exactly one of N parts, and the parts are near even. */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 8, 16})
  void everyHostIsInExactlyOnePart(int count) {
    List<String> hosts = IntStream.rangeClosed(1, 1000).mapToObj(i -> String.format("web%04d.example.org", i)).toList();
    List<Integer> sizes = new ArrayList<>();
    for (int index = 1; index <= count; index++) {
      Shard shard = new Shard(index, count);
      sizes.add((int) hosts.stream().filter(shard::has).count());
    }
    for (String host : hosts) {
      int in = 0;
      for (int index = 1; index <= count; index++) {
        in += new Shard(index, count).has(host) ? 1 : 0;
      }
      assertEquals(1, in, host);
    }
    assertEquals(1000, sizes.stream().mapToInt(Integer::intValue).sum());
    sizes.forEach(size -> assertEquals(1000.0 / count, size, 1000.0 / count * 0.3, "parts " + sizes));
  }

  /** Pinned: the same host lands in the same part on every controller and every release. */
  @ParameterizedTest
  @CsvSource({"web1, 3, 3", "web2, 3, 3", "db1, 3, 1", "localhost, 4, 1", "h1, 2, 2"})
  void theSameHostAlwaysLandsInTheSamePart(String host, int count, int part) {
    assertEquals(part, Shard.of(host, count));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"1/1 | 1/1", "2/5 | 2/5", " 3 / 4 | 3/4", "0/3 | none", "4/3 | none", "1/0 | none", "x/2 | none",
      "2 | none", "1/2/3 | none", "-1/2 | none"})
  void parse(String text, String expected) {
    assertEquals(expected, Shard.parse(text).map(s -> s.index() + "/" + s.count()).orElse("none"));
  }
}
