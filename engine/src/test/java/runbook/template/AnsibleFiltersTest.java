package runbook.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import runbook.secret.Secrets;

/**
 * Ansible's builtin filters and tests, each case an expression and what ansible-playbook 2.14
 * printed for it on the local connection (`debug: msg="{{ EXPR | to_json }}"`), unless a comment
 * says it is a deliberate difference.
 */
class AnsibleFiltersTest {
  private static final Templar TEMPLAR = new Templar();
  private static final Map<String, Object> VARS = Map.of(
      "inventory_hostname", "localhost",
      "ml", "hello\nworld",
      "db_password", "Named-Secret-2");

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
    // lists
    "[1, [2, [3, [4]]], None, 'None', 'null'] | flatten => [1, 2, 3, 4]",
    "[1, [2, [3, [4]]], None] | flatten(levels=1) => [1, 2, [3, [4]]]",
    "[1, [2, None], None] | flatten(skip_nulls=False) => [1, 2, null, null]",
    "[1, [2]] | flatten(levels=0) => [1, [2]]",
    "[1, 2, 3] | zip(['a', 'b', 'c']) | list => [[1, \"a\"], [2, \"b\"], [3, \"c\"]]",
    "[1, 2, 3] | zip_longest(['a'], fillvalue='x') | list => [[1, \"a\"], [2, \"x\"], [3, \"x\"]]",
    "[1, 2, 2, 3] | union([3, 4, 1]) => [1, 2, 3, 4]",
    "[3, 1, 2, 2] | intersect([2, 3, 5]) => [3, 2]",
    "[3, 1, 2, 4] | difference([2, 5]) => [3, 1, 4]",
    "[1, 2, 3] | symmetric_difference([2, 3, 4]) => [1, 4]",
    "[1, 2, 3] | combinations(2) | list => [[1, 2], [1, 3], [2, 3]]",
    "[1, 2, 3] | permutations(2) | list => [[1, 2], [1, 3], [2, 1], [2, 3], [3, 1], [3, 2]]",
    "[1, 2] | product(['a', 'b']) | list => [[1, \"a\"], [1, \"b\"], [2, \"a\"], [2, \"b\"]]",
    "[{'g': [1, 2], 'name': 'a'}, {'name': 'b'}] | subelements('g', skip_missing=True) => [[{\"g\": [1, 2], \"name\": \"a\"}, 1], [{\"g\": [1, 2], \"name\": \"a\"}, 2]]",
    "'b' | extract({'a': 1, 'b': 2}) => 2",
    "[0, 2] | map('extract', ['x', 'y', 'z']) | list => [\"x\", \"z\"]",
    "'a' | extract({'a': {'b': {'c': 7} } }, ['b', 'c']) => 7",
    "[{'id': 'a', 'v': 1}, {'id': 'b', 'v': 2}] | rekey_on_member('id') => {\"a\": {\"id\": \"a\", \"v\": 1}, \"b\": {\"id\": \"b\", \"v\": 2}}",
    "{'b': 1, 'a': 2} | items | list => [[\"b\", 1], [\"a\", 2]]",
    "'ABBA' | unique | list => [\"A\", \"B\"]",
    "['a', 'A'] | unique(case_sensitive=True) => [\"a\", \"A\"]",
    "{'a': {'x': 1, 'l': [1]} } | combine({'a': {'y': 2, 'l': [2]} }, recursive=True, list_merge='append') => {\"a\": {\"x\": 1, \"l\": [1, 2], \"y\": 2}}",
    "{'a': [1, 2]} | combine({'a': [2, 3]}, list_merge='append_rp') => {\"a\": [1, 2, 3]}",
    "{'a': [1, 2]} | combine({'a': [2, 3]}, list_merge='prepend_rp') => {\"a\": [2, 3, 1]}",
    "{'a': 1} | dict2items(key_name='k', value_name='v') => [{\"k\": \"a\", \"v\": 1}]",
    "[{'k': 'a', 'v': 1}] | items2dict(key_name='k', value_name='v') => {\"a\": 1}",
    // random with a seed is Python's Mersenne Twister: the same picks as Ansible
    "59 | random(seed='host1') => 31",
    "59 | random(seed=42) => 40",
    "42 | random(seed=inventory_hostname) => 29",
    "100 | random(start=10, step=5, seed='x') => 60",
    "10 | random(start=5, seed=1) => 6",
    "['a', 'b', 'c', 'd'] | random(seed='web1') => \"c\"",
    "[1, 2, 3, 4, 5] | shuffle(seed='web1') => [4, 1, 2, 5, 3]",
    "['b', 'a'] | shuffle(seed=inventory_hostname) => [\"b\", \"a\"]",
    // hashes
    "'hello' | hash('sha256') => \"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\"",
    "'hello' | hash('md5') => \"5d41402abc4b2a76b9719d911017c592\"",
    "'abc' | hash('sha224') => \"23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7\"",
    "'abc' | hash('sha384') => \"cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7\"",
    "'hello' | checksum => \"aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d\"",
    "'hello' | sha1 => \"aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d\"",
    "'hello' | md5 => \"5d41402abc4b2a76b9719d911017c592\"",
    "'secret' | password_hash('sha512', 'mysalt') => \"$6$mysalt$UX6P1VKOf6dr0s2pg4pLNvIUB6hLXvP6M5f/Yj9hJgMPdAJ4oArvk5YUD9/XWtk1JOpVwt/JTsczMJr8sFVML1\"",
    "'secret' | password_hash('sha256', 'mysalt') => \"$5$mysalt$I2SNajjJ3Gc5gIR/tkrLOGngF8wqv59buJCqxh.o9s8\"",
    "'secret' | password_hash('sha512', 'mysalt', rounds=10000) => \"$6$rounds=10000$mysalt$9XTP7570fxVN/uTspSrH6kRPdR4KKGzGz7.TmJjDYGrKSwZuavW/3YaLur8JX6WP75Czcxa.megIO0lKreY0R.\"",
    "'secret' | vault('pw', salt='0123456789abcdef') => \"$ANSIBLE_VAULT;1.2;AES256;filter_default\\n33303331333233333334333533363337333833393631363236333634363536360a62363436313263\\n30393537323431383163353937616231373536653662636136353437636361363639353762653731\\n34613165633365636634656534353765610a31306566346361666665303935303632643031303238\\n35646335323331646538\\n\"",
    "'secret' | vault('pw', vaultid='prod') | unvault('pw') => \"secret\"",
    "'plain' | unvault('pw') => \"plain\"",
    "'example.com' | to_uuid => \"ae780c3a-a3ab-53c2-bfb4-098da300b3fe\"",
    "'www' | to_uuid(namespace='6ba7b810-9dad-11d1-80b4-00c04fd430c8') => \"da1c8068-b6ee-5682-81ed-dc76e172f6c5\"",
    // sizes, numbers, text
    "1024 | human_readable => \"1.00 KB\"",
    "1536000 | human_readable(unit='M') => \"1.46 MB\"",
    "1024 | human_readable(isbits=True) => \"1.00 Kb\"",
    "500 | human_readable => \"500.00 Bytes\"",
    "1099511627776 | human_readable => \"1.00 TB\"",
    "'1K' | human_to_bytes => 1024",
    "'1.5 MB' | human_to_bytes => 1572864",
    "'10' | human_to_bytes(default_unit='G') => 10737418240",
    "'1Mb' | human_to_bytes(isbits=True) => 1048576",
    "'2.5G' | human_to_bytes => 2684354560",
    "100 | log(10) => 2.0",
    "8 | log(2) => 3.0",
    "2 | pow(10) => 1024.0",
    "27 | root(3) => 3.0",
    "16 | root => 4.0",
    "True | ternary('yes', 'no') => \"yes\"",
    "None | ternary('yes', 'no', 'null') => \"null\"",
    "0 | ternary('yes', 'no') => \"no\"",
    "'a' | type_debug => \"str\"",
    "1 | type_debug => \"int\"",
    "1.5 | type_debug => \"float\"",
    "[1] | type_debug => \"list\"",
    "{'a': 1} | type_debug => \"dict\"",
    "None | type_debug => \"NoneType\"",
    "True | type_debug => \"bool\"",
    "'a,b,,c' | split(',') => [\"a\", \"b\", \"\", \"c\"]",
    "' a b  c ' | split => [\"a\", \"b\", \"c\"]",
    "'a,b,c' | split(',', 1) => [\"a\", \"b,c\"]",
    "'Yes' | bool => true",
    "'0' | bool => false",
    "None | bool => null",
    "'ABC' | regex_search('b', ignorecase=True) => \"B\"",
    "'abc' | regex_replace('B', 'x', ignorecase=True) => \"axc\"",
    "'a.b*c d' | regex_escape => \"a\\\\.b\\\\*c\\\\ d\"",
    "'a.b*c[d]' | regex_escape(re_type='posix_basic') => \"a\\\\.b\\\\*c\\\\[d\\\\]\"",
    "'aGVsbG8=' | b64decode => \"hello\"",
    "'hello' | b64encode(encoding='utf-16-le') => \"aABlAGwAbABvAA==\"",
    "'aABlAGwAbABvAA==' | b64decode(encoding='utf-16-le') => \"hello\"",
    "'hello' | comment('c') => \"//\\n// hello\\n//\"",
    "'hello' | comment('xml') => \"<!--\\n -\\n - hello\\n -\\n-->\"",
    "'hi' | comment(decoration='; ') => \";\\n; hi\\n;\"",
    "'hi' | comment('plain', prefix='#!', postfix='#$') => \"#!\\n# hi\\n#$\"",
    "'a%20b%2Fc' | urldecode => \"a b/c\"",
    "'a b/c' | urlencode => \"a%20b/c\"",
    "{'a': 'b c', 'd': 1} | urlencode => \"a=b+c&d=1\"",
    // a second sample
    "ml | comment('cblock') => \"/*\\n *\\n * hello\\n * world\\n *\\n */\"",
    "ml | comment => \"#\\n# hello\\n# world\\n#\"",
    "'a  b c' | split(None, 1) => [\"a\", \"b c\"]",
    "'1 KB' | human_to_bytes => 1024",
    "1.5 | human_readable => \"1.50 Bytes\"",
    "1048576 | human_readable(unit='k') => \"1024.00 KB\"",
    "'~nosuchuser/x' | expanduser => \"~nosuchuser/x\"",
    "'abc' | random(seed='s') => \"b\"",
    "1 | random(seed='x') => 0",
    "[{'a': 1}, {'b': 2}] | combine => {\"a\": 1, \"b\": 2}",
    "'http://[::1]:80/x' | urlsplit => {\"fragment\": \"\", \"hostname\": \"::1\", \"netloc\": \"[::1]:80\", \"password\": null, \"path\": \"/x\", \"port\": 80, \"query\": \"\", \"scheme\": \"http\", \"username\": null}",
    "'HTTP://Example.COM/x' | urlsplit('scheme') => \"http\"",
    "'é' | to_uuid => \"0f078517-6173-59ef-944b-832f4e010f29\"",
    "'é' | md5 => \"66ddcd97cfdeabb2f6fb8a999b4bc76f\"",
    "'x' | hash('sha3_256') => \"741efa311f97686956946758e0d95f70f11ff2da4f2feb7c54314f44134ac49f\"",
    "[1, 1.0, True] | unique => [1]",
    "['a', 'A', 'b'] | union(['B']) => [\"a\", \"A\", \"b\", \"B\"]",
    "[3, 2] | zip([1], ['x', 'y']) => [[3, 1, \"x\"]]",
    "'12/31/99 11:59 PM' | to_datetime('%m/%d/%y %I:%M %p') => \"1999-12-31T23:59:00\"",
    "('2024-03-05 06:07:08' | to_datetime).strftime('%A %B %j %p %I') => \"Tuesday March 065 AM 06\"",
    "'%a %d %b %Y' | strftime(86400 * 365, utc=True) => \"Fri 01 Jan 1971\"",
    "'x' | password_hash('sha512', 'abc', rounds=1000) => \"$6$rounds=1000$abc$zaWpAwySRl8PX4W2aEMJwxpN82bCKtDZP0RBdOD6W7BQlilBqAsWnAZuS10iUyJZneS8Ob1gxs1BZkqJi1nTi.\"",
    "'x' | password_hash('sha256', rounds=5000, salt='abcdefgh') => \"$5$rounds=5000$abcdefgh$sI6g8tHKrJ6RX7w.YoN9B7a/5wK5jYEOMmMnt3tPl0/\"",
    "'averyveryverylongpasswordthatislongerthanthesha512blocksize1234567890abcdefghijklmnopqrstuvwxyz' | password_hash('sha512', 'saltsaltsaltsalt') => \"$6$saltsaltsaltsalt$GkJuVhpUCekZ3ERVMnwD2XFlqfmwcZkb5Cc9eatGsiaA4v8fQ.fo3l63Ig1Cg/djuWLtdGK4RfC2nnKNtu0AL0\"",
    "[1, 2, 3] | product(repeat=2) | list | length => 9",
    "['a', 'b'] | permutations | list => [[\"a\", \"b\"], [\"b\", \"a\"]]",
    "ml | type_debug => \"str\"",
    // Jinja2's builtins, where Jinjava's own differed
    "[1, 2, 3, 4, 5] | batch(2) | list => [[1, 2], [3, 4], [5]]",
    "[1, 2, 3, 4, 5] | slice(2) | list => [[1, 2, 3], [4, 5]]",
    "{'b': 1, 'a': 2} | dictsort => [[\"a\", 2], [\"b\", 1]]",
    "[{'k': 'x', 'v': 1}, {'k': 'y', 'v': 2}, {'k': 'x', 'v': 3}] | groupby('k') => [[\"x\", [{\"k\": \"x\", \"v\": 1}, {\"k\": \"x\", \"v\": 3}]], [\"y\", [{\"k\": \"y\", \"v\": 2}]]]",
    "[1, 2, 3] | reverse | list => [3, 2, 1]",
    "2.567 | round(2) => 2.57",
    "2.5 | round => 2.0",
    "3.7 | round(0, 'floor') => 3.0",
    "{'a': 1} | tojson => \"{\\\"a\\\": 1}\"",
    "'hello world foo' | truncate(9) => \"hello...\"",
    "{'id': 'x', 'class': 'y'} | xmlattr => \" id=\\\"x\\\" class=\\\"y\\\"\"",
    "[1, [2]] | pprint => \"[1, [2]]\"",
    "'ab' | center(6) => \"  ab  \"",
    "'hello WORLD' | capitalize => \"Hello world\"",
    "'%s-%d' | format('a', 3) => \"a-3\"",
    "1048576 | filesizeformat(true) => \"1.0 MiB\"",
    "'<b>x</b> y' | striptags => \"x y\"",
    "['b', 'A', 'c'] | sort => [\"A\", \"b\", \"c\"]",
    // URLs, dates
    "'https://u:p@example.com:8080/a/b?x=1#frag' | urlsplit => {\"fragment\": \"frag\", \"hostname\": \"example.com\", \"netloc\": \"u:p@example.com:8080\", \"password\": \"p\", \"path\": \"/a/b\", \"port\": 8080, \"query\": \"x=1\", \"scheme\": \"https\", \"username\": \"u\"}",
    "'https://example.com:8080/a?x=1' | urlsplit('port') => 8080",
    "'https://example.com/a' | urlsplit('hostname') => \"example.com\"",
    "'%Y-%m-%d %H:%M:%S' | strftime(1700000000, utc=True) => \"2023-11-14 22:13:20\"",
    "'%H' | strftime(3600, utc=True) => \"01\"",
    "('2024-01-02 03:04:05' | to_datetime).year => 2024",
    "('2024/01/02' | to_datetime('%Y/%m/%d')).strftime('%d.%m.%Y') => \"02.01.2024\"",
    "'a: 1\\n---\\nb: 2' | from_yaml_all | list => [{\"a\": 1}, {\"b\": 2}]",
    // paths (on the controller)
    "['/etc', 'apt', 'sources.list'] | path_join => \"/etc/apt/sources.list\"",
    "['/etc', '/usr', 'bin'] | path_join => \"/usr/bin\"",
    "'/usr/local/bin' | relpath('/usr/share') => \"../local/bin\"",
    "'/a/b/file.tar.gz' | splitext => [\"/a/b/file.tar\", \".gz\"]",
    "'.bashrc' | splitext => [\".bashrc\", \"\"]",
    "'c:\\\\users\\\\x\\\\file.txt' | win_basename => \"file.txt\"",
    "'c:\\\\users\\\\x\\\\file.txt' | win_dirname => \"c:\\\\users\\\\x\"",
    "'c:\\\\users\\\\x' | win_splitdrive => [\"c:\", \"\\\\users\\\\x\"]",
    "'$NOPE_VAR_X/${NOPE_VAR_X}' | expandvars => \"$NOPE_VAR_X/${NOPE_VAR_X}\"",
  })
  void filtersPrintWhatAnsiblePrints(String expression, String json) {
    assertEquals(json, TEMPLAR.render("{{ " + expression.replace("\\n", "\n") + " | to_json }}", VARS));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
    "{'failed': true} is failure => true",
    "{'failed': false} is successful => true",
    "{'unreachable': true} is reachable => false",
    "{'unreachable': true} is unreachable => true",
    "{} is reachable => true",
    "{'changed': true} is change => true",
    "{'skipped': true} is skip => true",
    "{'finished': 1} is finished => true",
    "{'started': 0} is started => false",
    "'1.2.3' is version('1.2', '>') => true",
    "'1.2.3' is version('1.2.4', 'lt', version_type='semver') => true",
    "'1.0.0-alpha' is version('1.0.0', '<', version_type='semver') => true",
    "'1.0.0-alpha.1' is version('1.0.0-alpha.beta', '<', version_type='semver') => true",
    "'1.0.0+build' is version('1.0.0', '==', version_type='semver') => true",
    "'1.2' is version('1.2.0', '==', version_type='strict') => true",
    "'1.2a1' is version('1.2', '<', version_type='strict') => true",
    "'1.2b2' is version('1.2a3', '>', strict=true) => true",
    "'2.0' is version('10.0', '<', version_type='loose') => true",
    "[1, 2] is subset([1, 2, 3]) => true",
    "[1, 2, 3] is superset([3]) => true",
    "[1, 2] is issubset([1]) => false",
    "[1, 2] is contains(2) => true",
    "'abc' is contains('b') => true",
    "[true, 0] is any => true",
    "[true, 0] is all => false",
    "[] is all => true",
    "'/etc' is abs => true",
    "'etc' is abs => false",
    "'/etc' is directory => true",
    "'/etc/passwd' is file => true",
    "'/etc/passwd' is directory => false",
    "'/nonexistent' is exists => false",
    "'/etc' is exists => true",
    "'/etc/passwd' is same_file('/etc/../etc/passwd') => true",
    "'/' is mount => true",
    "'/etc' is mount => false",
    "'/proc' is mount => true",
    "'yes' is truthy => true",
    "'no' is truthy => true",
    "'no' is truthy(convert_bool=True) => false",
    "'off' is falsy(convert_bool=True) => true",
    "'' is falsy => true",
    "'maybe' is truthy(convert_bool=True) => true",
    "'ABC' is regex('b', ignorecase=True) => true",
    "'abc' is regex('b', match_type='match') => false",
    "'abc' is regex('abc', match_type='fullmatch') => true",
    "'abcd' is regex('abc', match_type='fullmatch') => false",
    "'$ANSIBLE_VAULT;1.1;AES256' is vault_encrypted => false",
    "(0.0 | float) is nan => false",
    "('nan' | float) is nan => true",
    "'http://x.org/a' is url => true",
    "'urn:isbn:123' is urn => true",
    "'x' is uri => true",
    "'http://x.org/a' is uri(['https']) => false",
    "'mailto:a@b' is url => false",
    "'file:///x' is url => true",
    "1 is boolean => false",
    "'upper' is filter => true",
    "'datetimeformat' is filter => false",
    "'version' is test => true",
    "'a' is sequence => true",
    "{} is iterable => true",
    "true is number => true",
    "3 is even => false",
    "'abc' is lower => true",
    "'a' is in ['a'] => true",
  })
  void testsJudgeAsAnsibleJudges(String test, boolean expected) {
    assertEquals(expected, TEMPLAR.test(test, VARS));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
    "missing | mandatory => Mandatory variable 'missing'  not defined.",
    "missing | mandatory('set it') => set it",
    "'x' | datetimeformat => no filter named 'datetimeformat'",
    "'x' is containing 'x' => no test named 'containing'",
    "'1.2' is version('1.3', 'bigger') => Invalid operator type (bigger)",
    "'1.2.x' is version('1.3', version_type='strict') => Version comparison failed: invalid strict version '1.2.x'",
    "'s' | password_hash('sha512', 'bad$salt') => password_hash: invalid characters in salt",
    "'s' | vault('pw') | unvault('wrong') => Unable to decrypt: the vault password does not open this vault",
  })
  void failuresSayWhatAnsibleSays(String expression, String message) {
    TemplateError e = org.junit.jupiter.api.Assertions.assertThrows(TemplateError.class,
        () -> TEMPLAR.render("{{ " + expression + " }}", VARS));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
    "db_password | password_hash('sha512', 'mysalt')",
    "db_password | password_hash('sha256')",
    "db_password | hash('sha256')",
    "'Unvaulted-Secret-5' | vault('pw') | unvault('pw')",
  })
  void aHashOfASecretIsASecret(String expression) {
    Secrets secrets = Secrets.none();
    String out = String.valueOf(TEMPLAR.tracking(secrets).render("{{ " + expression + " }}", VARS));
    assertEquals("#", secrets.mask(out, "#"), out);
  }

  @org.junit.jupiter.api.Test
  void pathsAreTheControllersOwn() throws Exception {
    Path dir = Files.createTempDirectory("paths");
    Path file = Files.writeString(dir.resolve("a.conf"), "x");
    Path link = Files.createSymbolicLink(dir.resolve("link"), dir);
    Map<String, Object> vars = Map.of("dir", dir.toString(), "link", link.toString());
    assertEquals(file.toRealPath().toString(), TEMPLAR.render("{{ (link ~ '/a.conf') | realpath }}", vars));
    assertEquals(java.util.List.of(file.toString()), TEMPLAR.render("{{ (dir ~ '/*.conf') | fileglob }}", vars));
    assertEquals(System.getenv("HOME") + "/x", TEMPLAR.render("{{ '~/x' | expanduser }}", vars));
    assertEquals(System.getenv("HOME") + "/x", TEMPLAR.render("{{ '$HOME/x' | expandvars }}", vars));
    assertTrue(TEMPLAR.test("link is link and link is link_exists and dir is directory", vars));
  }
}
