/**
 * Ansible-compatible templating on Jinjava; {@link runbook.template.Templar} is the whole API.
 *
 * <p>Choices and the differences from Ansible that remain:
 *
 * <ul>
 *   <li>Undefined is an error, as Ansible's StrictUndefined: a missing variable, key or list element
 *       yields an internal undefined value that only {@code is defined}, {@code is undefined},
 *       {@code default}/{@code d}, {@code mandatory} and further attribute access accept; any other
 *       use fails with "'x' is undefined" or "'x' has no attribute 'y'". {@code x.y is defined} with
 *       x undefined is false, as in Ansible.
 *   <li>Variables are templated lazily, when first used in a call, and at most once per call;
 *       maps and lists are lazy views, so an unused broken value costs nothing. A value that needs
 *       itself fails with "recursive loop detected in template: a -> b -> a". A variable's template
 *       sees the variables, not the loop variables of the template that uses it.
 *   <li>Native values: a string that is one {@code {{ expr }}} gives the value itself. Whole numbers
 *       come back as Integer when they fit, else Long (as YAML loads them), so "{{ 3 }}" is Integer
 *       3. "{{ '3' }}" stays the string "3" (Ansible's native mode; its default mode would turn it
 *       into 3). Returned collections are new and unmodifiable; given values are never changed.
 *   <li>Output and {@code string} print values as Python does: True, None, ['a', 1].
 *   <li>String literals use Python's escapes: write {@code '\\1'} for a backreference, as Ansible's
 *       documentation does; {@code '\d'} stays {@code \d}.
 *   <li>Regular expressions are Python's syntax on java.util.regex ((?P&lt;name&gt;...) and \g&lt;name&gt;
 *       work); \w and \d match ASCII only.
 *   <li>{@code version} compares like Ansible's default LooseVersion (so 1.2.0 &lt; 1.2.0rc1).
 *   <li>{@code bool} of None is false (Ansible 2.x kept None).
 *   <li>Known Jinjava limits: "}}" inside an expression ends it, so write nested dict literals with
 *       spaces ({@code { 'a': { 'b': 1 } }}); a test directly after a filter needs parentheses
 *       ({@code (x | first) is defined}); strings have Java's methods, not Python's
 *       ({@code s.split()} is a regex split, {@code s.upper()} does not exist: use the filters);
 *       division by zero gives Infinity.
 * </ul>
 *
 * <p>One Jinjava instance serves every call and thread; a call builds only a small context and an
 * interpreter, and strings without {{ or {% are returned untouched without parsing.
 */
package runbook.template;
