package runbook.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TemplarTest {
  private static final Templar TEMPLAR = new Templar();

  /** Variables every case may use; immutable, as the engine hands them over. */
  private static final Map<String, Object> VARS = vars();

  private static Map<String, Object> vars() {
    Map<String, Object> vars = new HashMap<>();
    vars.put("port", 8080);
    vars.put("name", "Web");
    vars.put("nums", List.of(3, 1, 2));
    vars.put("conf", Map.of("a", 1, "b", List.of("x")));
    vars.put("yes_text", "yes");
    vars.put("false_text", "false");
    vars.put("zero_text", "0");
    vars.put("condition_text", "port > 80");
    vars.put("site", "example");
    vars.put("site_root", "/srv/{{ site }}");
    vars.put("docroot", "{{ site_root }}/htdocs");
    vars.put("nested", Map.of("path", "{{ site_root }}/x", "items", List.of("{{ port }}", "{{ nums }}")));
    vars.put("loop_a", "{{ loop_b }}");
    vars.put("loop_b", "{{ loop_a }}");
    vars.put("self_ref", Map.of("x", "{{ self_ref.x }}"));
    vars.put("ok_result", Map.of("changed", false, "failed", false));
    vars.put("changed_result", Map.of("changed", true, "failed", false));
    vars.put("failed_result", Map.of("changed", false, "failed", true));
    vars.put("skipped_result", Map.of("changed", false, "skipped", true));
    vars.put("loop_result", Map.of("results", List.of(Map.of("changed", false), Map.of("changed", true))));
    vars.put("users", List.of(Map.of("name", "ann", "admin", true), Map.of("name", "bob", "admin", false)));
    return Map.copyOf(vars);
  }

  /** VARS plus a variable set to None (null), which immutable maps cannot hold. */
  private static Map<String, Object> withNothing() {
    Map<String, Object> vars = new HashMap<>(VARS);
    vars.put("nothing", null);
    return vars;
  }

  record Case(String template, Object expected) {
    @Override
    public String toString() {
      return template;
    }
  }

  private static Case c(String template, Object expected) {
    return new Case(template, expected);
  }

  static Stream<Case> filters() {
    return Stream.of(
        c("{{ missing | default('d') }}", "d"),
        c("{{ missing | d('d') }}", "d"),
        c("{{ conf.zzz | default('d') }}", "d"),
        c("{{ '' | default('d') }}", ""),
        c("{{ '' | default('d', true) }}", "d"),
        c("{{ false | d('d', true) }}", "d"),
        c("{{ nothing | default('d') }}", null),
        c("{{ name | default('d') }}", "Web"),
        c("{{ yes_text | bool }}", true),
        c("{{ 'On' | bool }}", true),
        c("{{ '1' | bool }}", true),
        c("{{ 'TRUE' | bool }}", true),
        c("{{ 'no' | bool }}", false),
        c("{{ 'nonsense' | bool }}", false),
        c("{{ 1 | bool }}", true),
        c("{{ 0 | bool }}", false),
        c("{{ '42' | int }}", 42),
        c("{{ '3.7' | int }}", 3),
        c("{{ 'x' | int }}", 0),
        c("{{ 'x' | int(7) }}", 7),
        c("{{ '0x1A' | int(base=16) }}", 26),
        c("{{ true | int }}", 1),
        c("{{ '2.5' | float }}", 2.5),
        c("{{ 'x' | float }}", 0.0),
        c("{{ port | string }}", "8080"),
        c("{{ true | string }}", "True"),
        c("{{ nums | string }}", "[3, 1, 2]"),
        c("{{ name | lower }}", "web"),
        c("{{ name | upper }}", "WEB"),
        c("{{ '  x \n' | trim }}", "x"),
        c("{{ nums | length }}", 3),
        c("{{ 'héllo' | length }}", 5),
        c("{{ conf | length }}", 2),
        c("{{ nums | count }}", 3),
        c("{{ nums | join(',') }}", "3,1,2"),
        c("{{ nums | join }}", "312"),
        c("{{ users | join(', ', attribute='name') }}", "ann, bob"),
        c("{{ 'aaa' | replace('a', 'b') }}", "bbb"),
        c("{{ 'aaa' | replace('a', 'b', 2) }}", "bba"),
        c("{{ 'a.b.c' | regex_replace('(\\w)\\.', '\\\\1-') }}", "a-b-c"),
        c("{{ 'foo_bar' | regex_replace('(?P<first_w>\\w+)_(\\w+)', '\\\\g<2> \\\\g<first_w>') }}", "bar foo"),
        c("{{ 'ABC' | regex_replace('b', 'x', ignorecase=true) }}", "AxC"),
        c("{{ 'aaa' | regex_replace('a', 'b', count=1) }}", "baa"),
        c("{{ 'Listen 80' | regex_replace('^Listen \\d+$', 'Listen ' ~ port) }}", "Listen 8080"),
        c("{{ 'abc123def' | regex_search('\\d+') }}", "123"),
        c("{{ 'abc' | regex_search('\\d+') }}", null),
        c("{{ 'v1.22' | regex_search('v(\\d+)\\.(\\d+)', '\\\\2', '\\\\1') }}", List.of("22", "1")),
        c("{{ 'v1.22' | regex_search('v(?P<major>\\d+)', '\\\\g<major>') }}", List.of("1")),
        c("{{ 'ABC' | regex_search('b', ignorecase=true) }}", "B"),
        c("{{ 'a1b22' | regex_findall('\\d+') }}", List.of("1", "22")),
        c("{{ conf | to_json }}".replace("conf", "{'a': 1, 'b': ['x', true, none]}"), "{\"a\": 1, \"b\": [\"x\", true, null]}"),
        c("{{ 'é\"' | to_json }}", "\"\\u00e9\\\"\""),
        c("{{ {'b': [1, {}], 'a': 'x', 'c': []} | to_nice_json }}",
            "{\n    \"a\": \"x\",\n    \"b\": [\n        1,\n        {}\n    ],\n    \"c\": []\n}"),
        c("{{ {'b': [1, 2], 'a': 'x'} | to_yaml }}", "a: x\nb: [1, 2]\n"),
        c("{{ {'a': 'x'} | to_yaml }}", "{a: x}\n"),
        c("{{ {'b': [1, 2], 'a': 'x'} | to_nice_yaml }}", "a: x\nb:\n- 1\n- 2\n"),
        c("{{ '{\"a\": [1, 2.5, null, true]}' | from_json }}", Map.of("a", Arrays.asList(1, 2.5, null, true))),
        c("{{ 'a: [1, x]' | from_yaml }}", Map.of("a", List.of(1, "x"))),
        c("{{ 'héllo' | b64encode }}", "aMOpbGxv"),
        c("{{ 'aMOpbGxv' | b64decode }}", "héllo"),
        c("{{ '/etc/apache2/sites/x.conf' | basename }}", "x.conf"),
        c("{{ '/etc/apache2/sites/x.conf' | dirname }}", "/etc/apache2/sites"),
        c("{{ '/etc/apache2/' | dirname }}", "/etc/apache2"),
        c("{{ '/x' | dirname }}", "/"),
        c("{{ 'x.conf' | dirname }}", ""),
        c("{{ \"it's here\" | quote }}", "'it'\\''s here'"),
        c("{{ 'plain' | quote }}", "plain"),
        c("{{ '' | quote }}", "''"),
        c("{{ nums | first }}", 3),
        c("{{ nums | last }}", 2),
        c("{{ 'abc' | first }}", "a"),
        c("{{ [3, 1, 3, 2, 1] | unique }}", List.of(3, 1, 2)),
        c("{{ nums | sort }}", List.of(1, 2, 3)),
        c("{{ nums | sort(reverse=true) }}", List.of(3, 2, 1)),
        c("{{ ['b', 'A', 'c'] | sort }}", List.of("A", "b", "c")),
        c("{{ ['b', 'A', 'c'] | sort(case_sensitive=true) }}", List.of("A", "b", "c")),
        c("{{ users | sort(attribute='name', reverse=true) | map(attribute='name') | list }}", List.of("bob", "ann")),
        c("{{ {'a': 1, 'b': 2} | dict2items }}", List.of(Map.of("key", "a", "value", 1), Map.of("key", "b", "value", 2))),
        c("{{ {'a': 1} | dict2items(key_name='k', value_name='v') }}", List.of(Map.of("k", "a", "v", 1))),
        c("{{ [{'key': 'a', 'value': 1}] | items2dict }}", Map.of("a", 1)),
        c("{{ [{'k': 'a', 'v': 1}] | items2dict(key_name='k', value_name='v') }}", Map.of("a", 1)),
        c("{{ { 'a': { 'x': 1 }, 'b': 2 } | combine({ 'a': { 'y': 2 } }) }}", Map.of("a", Map.of("y", 2), "b", 2)),
        c("{{ { 'a': { 'x': 1 }, 'b': 2 } | combine({ 'a': { 'y': 2 } }, recursive=true) }}", Map.of("a", Map.of("x", 1, "y", 2), "b", 2)),
        c("{{ {'a': 1} | combine({'b': 2}, {'a': 3}) }}", Map.of("a", 3, "b", 2)),
        c("{{ {'l': [1]} | combine({'l': [2]}, list_merge='append') }}", Map.of("l", List.of(1, 2))),
        c("{{ name | mandatory }}", "Web"),
        c("{{ -3 | abs }}", 3),
        c("{{ nums | min }}", 1),
        c("{{ nums | max }}", 3),
        c("{{ 'ab' | list }}", List.of("a", "b")),
        c("{{ [['a', 1], ['b', 2]] | dict }}", Map.of("a", 1, "b", 2)),
        c("{{ [1, 2, 3, 4] | select('odd') | list }}", List.of(1, 3)),
        c("{{ [1, 2, 3, 4] | reject('odd') | list }}", List.of(2, 4)),
        c("{{ users | map(attribute='name') | list }}", List.of("ann", "bob")),
        c("{{ users | selectattr('admin') | map(attribute='name') | list }}", List.of("ann")),
        c("{{ users | rejectattr('admin') | map(attribute='name') | list }}", List.of("bob")),
        c("{{ users | selectattr('name', 'equalto', 'bob') | map(attribute='admin') | first }}", false),
        c("{{ nums | map('string') | join('-') }}", "3-1-2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("filters")
  void filtersBehaveAsInAnsible(Case c) {
    assertEquals(c.expected(), TEMPLAR.render(c.template(), withNothing()));
  }

  static Stream<Case> tests() {
    return Stream.of(
        c("port is defined", true),
        c("missing is defined", false),
        c("missing is undefined", true),
        c("missing is not defined", true),
        c("conf.a is defined", true),
        c("conf.zzz is defined", false),
        c("missing.deeper.still is defined", false),
        c("nothing is defined", true),
        c("nothing is none", true),
        c("port is none", false),
        c("changed_result is changed", true),
        c("ok_result is changed", false),
        c("loop_result is changed", true),
        c("failed_result is failed", true),
        c("ok_result is failed", false),
        c("ok_result is succeeded", true),
        c("failed_result is success", false),
        c("skipped_result is skipped", true),
        c("ok_result is skipped", false),
        c("'apache2.4' is match('apache')", true),
        c("'my apache' is match('apache')", false),
        c("'my apache' is search('apache')", true),
        c("'my nginx' is search('apache')", false),
        c("'2.10' is version('2.9', '>')", true),
        c("'2.10' is version('2.9', 'lt')", false),
        c("'1.2.3' is version('1.2.3', '==')", true),
        c("'1.2.3' is version('1.2.3', 'ne')", false),
        c("'1.2' is version('1.2.0', '<')", true),
        c("'1.2.0' is version('1.2.0rc1', 'lt')", true), // LooseVersion, Ansible's default
        c("'10.0' is version('9.9', '>=')", true),
        c("'9.9' is version('10.0', '<=')", true),
        c("'1.0' is version('1.0')", true),
        c("name is string", true),
        c("port is number", true),
        c("conf is mapping", true),
        c("nums is iterable", true),
        c("2 in nums", true),
        c("name is sameas name", true),
        c("x is defined and x | bool".replace("x", "yes_text"), true),
        c("missing is defined and missing | bool", false),
        c("True and not False", true),
        c("None is none", true),
        c("yes", true),
        c("no", false),
        c("true", true),
        c("False", false),
        c("{{ port > 80 }}", true),
        c("yes_text", true),
        c("nums", true),
        c("[]", false),
        c("nothing", false),
        c("''", false),
        // Ansible 2.14: a bare string is true when not empty; a templated one is read again as an expression
        c("false_text", true),
        c("zero_text", true),
        c("not false_text", false),
        c("false_text and true", true),
        c("'T' if false_text else 'F'", true),
        c("{{ false_text }}", false),
        c("{{ zero_text }}", false),
        c("{{ condition_text }}", true),
        c("{{ '' }}", false),
        c("{{ nums }}", true),
        c("{{ [] }}", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tests")
  void conditionalsUseAnsibleTestsAndTruth(Case c) {
    assertEquals(c.expected(), TEMPLAR.test(c.template(), withNothing()));
  }

  @Test
  void aMethodOfAnUndefinedValueSaysWhatIsUndefined() {
    TemplateError e = assertThrows(TemplateError.class, () -> TEMPLAR.render("{{ 'a b'.split()[2].split('/') }}", VARS));
    assertEquals("'list object' has no element 2", e.getMessage());
  }

  @Test
  void aTemplatedConditionThatGivesAWordThatIsNoVariableIsUndefinedAsInAnsible() {
    TemplateError e = assertThrows(TemplateError.class, () -> TEMPLAR.test("{{ yes_text }}", VARS));
    assertEquals("the condition {{ yes_text }} gives a string, which is read again as an expression, as Ansible does: 'yes' is undefined",
        e.getMessage());
  }

  @Test
  void evaluateGivesTheNativeValueOfABareExpression() {
    assertEquals(List.of(1, 2, 3), TEMPLAR.evaluate("nums | sort", VARS));
    assertEquals(8081, TEMPLAR.evaluate("port + 1", VARS));
  }

  static Stream<Case> nativeTypes() {
    return Stream.of(
        c("{{ 3 }}", 3),
        c("{{ 3000000000 }}", 3000000000L),
        c("{{ 1.5 }}", 1.5),
        c("{{ true }}", true),
        c("{{ [1, 2] }}", List.of(1, 2)),
        c("{{ {'a': 1} }}", Map.of("a", 1)),
        c("{{ nums }}", List.of(3, 1, 2)),
        c("  {{ port }}\n", 8080),
        c("{{ None }}", null),
        c("port {{ port }}", "port 8080"),
        c("{{ port }}{{ port }}", "80808080"),
        c("x {{ [1, 'a', true, none] }}", "x [1, 'a', True, None]"),
        c("{{ '3' }}", "3"),
        // Python's str and dict methods, not Java's (Java's split takes a regular expression)
        c("{{ ' a b  c '.split() }}", List.of("a", "b", "c")),
        c("{{ 'a.b.c'.split('.') }}", List.of("a", "b", "c")),
        c("{{ 'a,b,c'.split(',', 1) }}", List.of("a", "b,c")),
        c("{{ 'a b c'.rsplit(None, 1) }}", List.of("a b", "c")),
        c("{{ 'a\nb\r\n'.splitlines() }}", List.of("a", "b")),
        c("{{ 'xaxx'.strip('x') }} {{ ' y '.lstrip() }}|", "a y |"),
        c("{{ 'web1'.startswith(('db', 'web')) and not 'web1'.endswith('2') }}", true),
        c("{{ 'a-b-c'.replace('-', '+', 1) }} {{ 'Ab'.upper() }}{{ 'Ab'.lower() }} {{ 'hello world'.title() }}", "a+b-c ABab Hello World"),
        c("{{ '{}:{}'.format(name, port) }} {{ '{1}{0}'.format('a', 'b') }}", "Web:8080 ba"),
        c("{{ ', '.join(['x', 'y']) }} {{ 'abcb'.find('b') }} {{ 'abcb'.count('b') }} {{ '7'.zfill(3) }}", "x, y 1 2 007"),
        c("{{ conf.get('a') }} {{ conf.get('zz', 'none') }} {{ conf.get('zz') is none }} x{{ none }}y", "1 none True xy"),
        c("{{ conf.items() | map('first') | sort }} {{ conf.values() | length }} {{ conf.keys() | sort }}", "['a', 'b'] 2 ['a', 'b']"),
        c("{{ -1 }}", -1),
        c("{{ 1733000000.123 }} {{ 1e20 }} {{ 1.5e-5 }} {{ 0.0001 }} {{ 2.0 ** 60 }} {{ 0.1 + 0.2 }} {{ 3.0 }}",
            "1733000000.123 1e+20 1.5e-05 0.0001 1.152921504606847e+18 0.30000000000000004 3.0"),
        c("{{ -7 // 2 }}", -4),
        c("{{ {'a': {'b': 1}} }}", Map.of("a", Map.of("b", 1))),
        c("{{ conf | combine({'c': {'d': 1}}) | length }}", 3),
        c("no template here", "no template here"),
        c("{% if port > 80 %}high{% else %}low{% endif %}", "high"),
        c("{% if false_text %}true, as in Jinja2{% endif %}", "true, as in Jinja2"),
        c("{% if [] %}x{% elif zero_text %}a non-empty string{% endif %}", "a non-empty string"),
        c("{{ false_text or 'or' }} {{ '' or 'empty' }}", "false empty"),
        c("{% for n in nums %}{{ n }};{% endfor %}", "3;1;2;"),
        c("{% for k in conf | sort %}{{ k }}{% endfor %}", "ab"),
        c("{{ 'a\\nb' }}", "a\nb"),
        c("{{ 'it\\'s' }}", "it's"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nativeTypes")
  void aLoneExpressionYieldsItsNativeValue(Case c) {
    assertEquals(c.expected(), TEMPLAR.render(c.template(), VARS));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = "=>", textBlock = """
      {{ web_root }} => 'web_root' is undefined
      root={{ web_root }} => 'web_root' is undefined
      {{ web_root | upper }} => 'web_root' is undefined
      {{ web_root ~ 'x' }} => 'web_root' is undefined
      {{ web_root + 1 }} => 'web_root' is undefined
      {{ web_root == 'a' }} => 'web_root' is undefined
      {% if web_root %}x{% endif %} => 'web_root' is undefined
      {% for i in web_root %}x{% endfor %} => 'web_root' is undefined
      {{ name | replace(web_root, 'x') }} => 'web_root' is undefined
      {{ web_root is match('x') }} => 'web_root' is undefined
      {{ conf.zzz }} => 'conf' has no attribute 'zzz'
      {{ conf.b.zzz }} => 'conf.b' has no attribute 'zzz'
      {{ conf['zzz'] }} => 'conf' has no attribute 'zzz'
      {{ nums[7] }} => 'nums' has no element 7
      {{ web_root.deeper }} => 'web_root' is undefined
      {{ name.attr }} => 'str object' has no attribute 'attr'
      {{ [] | first }} => no first item: the sequence is empty
      {{ web_root | mandatory }} => Mandatory variable 'web_root'  not defined.
      {{ web_root | mandatory('set web_root') }} => set web_root
      {{ loop_a }} => recursive loop detected in template: loop_a -> loop_b -> loop_a
      {{ self_ref.x }} => recursive loop detected in template: self_ref.x -> self_ref.x
      {{ port | nosuch }} => no filter named 'nosuch'
      {{ port is nosuch }} => no test named 'nosuch'
      {{ ok_result.changed | combine({}) }} => combine expects a dictionary, got 'bool'
      {{ port is changed }} => the 'changed' test expects a dictionary, got 'int'
      {{ 'x' is version('1', 'bigger') }} => Invalid operator type (bigger). Must be one of '==', '=', 'eq', '<', 'lt', '<=', 'le', '>', 'gt', '>=', 'ge', '!=', '<>', 'ne'
      {{ 'x' | regex_search('(') }} => invalid regular expression '(': Unclosed group
      {{ 'xa' | regex_replace('(a)', '\\\\2') }} => invalid group reference for regular expression '(a)': No group 2
      {{ 'v1' | regex_search('v(?P<major>\\d)', '\\\\g<minor>') }} => invalid group reference for regular expression 'v(?P<major>\\d)': No group with name <minor>
      {{ 'x' | from_json }} => from_json cannot parse its input: Unrecognized token 'x': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')
      """)
  void failuresAreOneClearSentence(String template, String message) {
    TemplateError error = assertThrows(TemplateError.class, () -> TEMPLAR.render(template, VARS));
    assertEquals(message, error.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = "=>", textBlock = """
      {{ port + }} => cannot render '{{ port + }}': Error parsing 'port +': syntax error at position 8, encountered '}', expected <IDENTIFIER>|<STRING>|<FLOAT>|<INTEGER>|'true'|'false'|'null'|'-'|'!'|'not'|'empty'|'('
      {% if port %}x => cannot render '{% if port %}x': Syntax error in '{% if port %}': Missing end tag: endif for tag defined as: {% if port %}
      {% nosuch %} => cannot render '{% nosuch %}': Syntax error in '{% nosuch %}': Unknown tag: nosuch
      """)
  void syntaxErrorsNameTheTemplate(String template, String message) {
    TemplateError error = assertThrows(TemplateError.class, () -> TEMPLAR.render(template, VARS));
    assertEquals(message, error.getMessage());
  }

  @Test
  void lazyVariablesRenderWhenUsedRecursivelyAndInsideCollections() {
    assertEquals("/srv/example/htdocs", TEMPLAR.render("{{ docroot }}", VARS));
    assertEquals("/srv/example/x", TEMPLAR.render("{{ nested.path }}", VARS));
    assertEquals(List.of(8080, List.of(3, 1, 2)), TEMPLAR.render("{{ nested['items'] }}", VARS));
    assertEquals(Map.of("path", "/srv/example/x", "items", List.of(8080, List.of(3, 1, 2))), TEMPLAR.render("{{ nested }}", VARS));
    assertEquals("{\"items\": [8080, [3, 1, 2]], \"path\": \"/srv/example/x\"}", TEMPLAR.render("{{ nested | to_json }}", VARS).toString()
        .replaceAll("\\{\"path\": (\"[^\"]*\"), (\"items\": \\[.*\\])\\}", "{$2, \"path\": $1}"));
    // an unused broken variable costs nothing, as in Ansible
    assertEquals(8080, TEMPLAR.render("{{ port }}", Map.of("port", 8080, "broken", "{{ nope }}")));
  }

  @Test
  void renderRecursesIntoArgumentsAndNeverMutatesThem() {
    Map<String, Object> args = Map.of("dest", "{{ docroot }}/index.html", "lines", List.of("Listen {{ port }}", 5), "mode", "0644");
    Object rendered = TEMPLAR.render(args, VARS);
    assertEquals(Map.of("dest", "/srv/example/htdocs/index.html", "lines", List.of("Listen 8080", 5), "mode", "0644"), rendered);
    assertEquals("{{ docroot }}/index.html", args.get("dest"));
    Object unchanged = new Object();
    assertSame(unchanged, TEMPLAR.render(unchanged, VARS));
  }

  @Test
  void stringsWithoutTemplateSyntaxComeBackAsTheyAre() {
    String text = "a {b} c";
    assertSame(text, TEMPLAR.render(text, VARS));
    assertSame(text, TEMPLAR.renderText(text, VARS));
    assertTrue(Templar.isTemplate("x {{ y }}"));
    assertTrue(Templar.isTemplate("{% if x %}{% endif %}"));
    assertFalse(Templar.isTemplate("{ x } %} }}"));
  }

  @Test
  void renderTextKeepsTheFileShape() {
    String template = "Listen {{ port }}\n{% for n in nums %}\nnum {{ n }}\n{% endfor %}\nend\n";
    assertEquals("Listen 8080\nnum 3\nnum 1\nnum 2\nend\n", TEMPLAR.renderText(template, VARS));
    assertInstanceOf(String.class, TEMPLAR.renderText("{{ nums }}", VARS));
  }

  @Test
  void manyThreadsRenderConcurrentlyWithTheirOwnVariables() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        int n = i;
        results.add(pool.submit(() -> {
          Map<String, Object> vars = Map.of("n", n, "root", "/srv/{{ n }}", "items", List.of("{{ root }}/a"));
          return TEMPLAR.render("{{ items | first }}:{{ n * 2 }}", vars).equals("/srv/" + n + "/a:" + (n * 2))
              && TEMPLAR.test("n is defined and n >= 0", vars);
        }));
      }
      for (Future<Boolean> result : results) {
        assertTrue(result.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
