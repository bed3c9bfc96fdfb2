package runbook.template;

import com.hubspot.jinjava.objects.serialization.PyishSerializable;
import com.hubspot.jinjava.util.HasObjectTruthValue;

/**
 * What a lookup of a missing variable, key or element yields, like Jinja's StrictUndefined: only
 * {@code is defined}, {@code is undefined}, {@code default} and further attribute access accept it;
 * every other use (output, truth, comparison, filters, arithmetic) fails with its message.
 */
final class Undefined implements HasObjectTruthValue, PyishSerializable {
  private final String message;
  /** The missing name, as Jinja's _undefined_name: a variable's or a key's. */
  private final String name;

  private Undefined(String message, String name) {
    this.message = message;
    this.name = name;
  }

  static Undefined variable(String name) {
    return new Undefined("'" + name + "' is undefined", name);
  }

  static Undefined attribute(String owner, Object key) {
    return new Undefined("'" + owner + "' has no attribute '" + key + "'", String.valueOf(key));
  }

  static Undefined because(String message) {
    return new Undefined(message, null);
  }

  java.util.Optional<String> name() {
    return java.util.Optional.ofNullable(name);
  }

  String message() {
    return message;
  }

  TemplateError error() {
    return new TemplateError(message);
  }

  @Override
  public boolean getObjectTruthValue() {
    throw error();
  }

  @Override
  public <T extends Appendable & CharSequence> T appendPyishString(T appendable) {
    throw error();
  }

  @Override
  public String toString() {
    throw error();
  }

  @Override
  public boolean equals(Object other) {
    if (other == this) {
      return true;
    }
    throw error();
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
