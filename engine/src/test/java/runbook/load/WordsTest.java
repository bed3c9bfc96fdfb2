package runbook.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Free-form {@code k=v} text split as Ansible 2.14's split_args splits it (each case run through
 * {@code ansible -m debug -a}); the expected words are joined by " ; ".
 */
class WordsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "plain words            | path=/x mode=0644                | path=/x ; mode=0644",
      "quotes removed         | msg=\"a b\" x='c d'              | msg=a b ; x=c d",
      "a block inside a value | path={{ dir }}/x get_checksum=no | path={{ dir }}/x ; get_checksum=no",
      "a block's quotes kept  | msg={{ 'a b' ~ \"c\" }} y=1      | msg={{ 'a b' ~ \"c\" }} ; y=1",
      "a statement ends a run | x={% if a %}1 2{% endif %} z     | x={% if a %}1 ; 2{% endif %} ; z",
      "a comment block        | x={# a b #}y                     | x={# a b #}y",
      "a block inside quotes  | msg=\"{{ a }} b\"                 | msg={{ a }} b",
      "nested braces          | x={{ {'k': 1} }} y               | x={{ {'k': 1} }} ; y",
  })
  void splitsAsAnsibleDoes(String name, String text, String words) {
    List<String> expected = List.of(words.split(" ; "));
    assertEquals(Optional.of(expected), Words.split(text).map(split -> split.stream().map(Words.Word::text).toList()));
  }
}
