package runbook.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A template file's #jinja2: header line, rendered as Ansible's template module renders it (\n written as \\n). */
class TemplateHeaderTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "no header: trim_blocks on    | {% if true %}\\nx\\n{% endif %}\\n                                            | x\\n",
      "lstrip_blocks                | #jinja2: lstrip_blocks: True\\n  {% if true %}\\nx\\n  {% endif %}\\n             | x\\n",
      "trim_blocks off              | #jinja2: trim_blocks: False\\n{% if true %}\\nx{% endif %}\\n                    | \\nx\\n",
      "own variable delimiters      | #jinja2: variable_start_string: '[[', variable_end_string: ']]'\\n[[ 1 + 1 ]] {{ x }} {% if true %}y{% endif %} {# c #}\\n | 2 {{ x }} y \\n",
      "own block and comment ones   | #jinja2: block_start_string: '<%', block_end_string: '%>', comment_start_string: '<#', comment_end_string: '#>'\\n<% if true %>y<% endif %>{% x %}<# c #>{{ 3 }}\\n | y{% x %}3\\n",
      "a raw block in its own ones  | #jinja2: block_start_string: \"[%\", block_end_string: \"%]\"\\n[% raw %][[ {{ 1 }} [% endraw %] {{ 2 }}\\n | [[ {{ 1 }}  2\\n",
  })
  void rendersWithItsOptions(String name, String template, String expected) {
    assertEquals(unescape(expected), new Templar().renderFile(unescape(template), Map.of()));
  }

  @org.junit.jupiter.api.Test
  void newlineSequenceEndsEveryLine() {
    assertEquals("a\r\nb\r\n", new Templar().renderFile("#jinja2: newline_sequence: '\\r\\n'\na\nb\n", Map.of()));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {"#jinja2: variable_start_string: [[\\nx", "#jinja2: variable_start_string: '[['\\n[[ x", "#jinja2: trim_blocks: maybe\\nx", "#jinja2: nonsense\\nx"})
  void refusesWhatItCannotHonour(String template) {
    assertThrows(TemplateError.class, () -> new Templar().renderFile(unescape(template), Map.of()));
  }

  private static String unescape(String text) {
    return text.replace("\\r", "\r").replace("\\n", "\n");
  }
}
