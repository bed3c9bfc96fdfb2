package runbook.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which names a text reads without defining or guarding them ("name@offset", space-separated). */
class JinjaNamesTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
      {{ a }} => a@3
      {{ a.b.c }} {{ d['e'][f] }} => a@3 d@15 f@22
      {{ 'foo' ~ "bar {{ x }}" }} =>
      {{ a | default('x') }} {{ a }} =>
      {{ b.c | d }} =>
      {{ x | lower | default('') }} =>
      {{ (p or q) | default(1) }} =>
      {{ k | mandatory }} =>
      {{ y if y is defined else z }} => z@26
      {{ w is not undefined }} =>
      {{ a | combine(b, recursive=True) }} => a@3 b@15
      {{ items | map(attribute='name') | join(', ') }} => items@3
      {{ range(3) | list }} {{ lookup('env', 'HOME') }} =>
      {{ {'k': v, bare: 1} }} => v@9
      {{ [m, n][0] }} => m@4 n@7
      {{ s is match('x') and t not in u }} => s@3 t@23 u@32
      {% for i in seq %}{{ i }} {{ loop.index }}{% endfor %} => seq@12
      {% for k, v in d.items() if v %}{{ k }}{% endfor %} => d@15
      {% set total = base + 1 %}{{ total }} => base@15
      {% set ns = namespace(n=0) %}{% set ns.n = ns.n + 1 %} =>
      {% macro row(cell, sep=',') %}{{ cell }}{{ sep }}{{ other }}{% endmacro %} => other@52
      {% if on %}x{% elif off %}y{% endif %} => on@6 off@20
      {% raw %}{{ not_read }}{% endraw %}{# {{ nor_this }} #} =>
      {{ 'unclosed }} =>
      plain text =>
      """)
  void openReadsOfATemplate(String template, String expected) {
    assertEquals(expected == null ? "" : expected, show(JinjaNames.template(template)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
      enabled | bool => enabled@0
      x is defined and x > 1 =>
      out.rc != 0 or 'error' in out.stderr => out@0 out@26
      True and not none =>
      inventory_hostname in groups['web'] => inventory_hostname@0 groups@22
      """)
  void openReadsOfACondition(String condition, String expected) {
    assertEquals(expected == null ? "" : expected, show(JinjaNames.expression(condition)));
  }

  private static String show(JinjaNames.Names names) {
    List<String> reads = names.open().stream().map(r -> r.name() + "@" + r.offset()).toList();
    return String.join(" ", reads);
  }
}
