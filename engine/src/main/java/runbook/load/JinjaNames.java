package runbook.load;

import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.tree.parse.ExpressionToken;
import com.hubspot.jinjava.tree.parse.TagToken;
import com.hubspot.jinjava.tree.parse.Token;
import com.hubspot.jinjava.tree.parse.TokenScanner;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The variables a Jinja template or bare expression reads, found without rendering it: root names
 * only ({@code a} of {@code a.b}, {@code a['k']}, {@code a | f}), together with the names the text
 * defines itself (for, set, macro, with, import) and the names it guards ({@code is defined},
 * {@code is undefined}, {@code default}, {@code d}, {@code mandatory}).
 *
 * <p>It errs on the side of silence, because a name wrongly reported blocks a valid runbook: a name
 * that may be something else (a call, a keyword argument, a dict key, an operator word) is left out,
 * text that does not scan yields nothing, and a name defined or guarded anywhere in a text counts as
 * defined or guarded everywhere in it.
 */
final class JinjaNames {
  /** Templates are split as the renderer splits them (same delimiters, raw blocks, comments). */
  private static final JinjavaConfig CONFIG = JinjavaConfig.newBuilder().build();
  /** Words that are operators or literals in Jinja, or in the expression language under Jinjava. */
  private static final Set<String> WORDS = Set.of(
      "and", "or", "not", "in", "is", "if", "else", "True", "False", "None", "true", "false", "none", "null",
      "eq", "ne", "lt", "gt", "le", "ge", "div", "mod", "empty", "instanceof");
  private static final Set<String> GUARD_FILTERS = Set.of("default", "d", "mandatory");
  private static final Set<String> GUARD_TESTS = Set.of("defined", "undefined");
  /** What a macro body or a call block may read without defining it. */
  private static final Set<String> MACRO_LOCALS = Set.of("varargs", "kwargs", "caller");

  /** A root name read, at an offset into the scanned text. */
  record Read(String name, int offset) {}

  /**
   * @param reads root names read, in order of appearance
   * @param locals names the text defines for itself
   * @param guarded names whose definedness the text tests or defaults
   */
  record Names(List<Read> reads, Set<String> locals, Set<String> guarded) {
    /** The reads of names neither defined nor guarded by the text itself. */
    List<Read> open() {
      return reads.stream().filter(r -> !locals.contains(r.name()) && !guarded.contains(r.name())).toList();
    }
  }

  private enum Kind { NAME, STRING, NUMBER, OP }

  private record Tok(Kind kind, String text, int offset) {
    boolean is(String s) {
      return kind != Kind.STRING && text.equals(s);
    }
  }

  private final List<Read> reads = new ArrayList<>();
  private final Set<String> locals = new LinkedHashSet<>();
  private final Set<String> guarded = new LinkedHashSet<>();

  private JinjaNames() {}

  /** A template: text with {{ expressions }} and {% tags %}. Offsets are into {@code text}. */
  static Names template(String text) {
    JinjaNames names = new JinjaNames();
    int[] lineStarts = lineStarts(text);
    try {
      new TokenScanner(text, CONFIG).forEachRemaining(token -> names.token(token, text, lineStarts));
    } catch (RuntimeException e) {
      return new Names(List.of(), Set.of(), Set.of()); // the renderer will say what is wrong with it
    }
    return names.result();
  }

  /** A bare expression, as when: conditions are written. Offsets are into {@code expression}. */
  static Names expression(String expression) {
    JinjaNames names = new JinjaNames();
    names.expression(tokens(expression, 0));
    return names.result();
  }

  private Names result() {
    return new Names(List.copyOf(reads), Set.copyOf(locals), Set.copyOf(guarded));
  }

  private void token(Token token, String text, int[] lineStarts) {
    int start = offsetOf(token, lineStarts, text.length());
    if (token instanceof ExpressionToken e && !e.getExpr().isEmpty()) {
      expression(tokens(e.getExpr(), start + e.getImage().indexOf(e.getExpr())));
    } else if (token instanceof TagToken t) {
      int base = start + t.getImage().indexOf(t.getHelpers(), 2);
      tag(t.getTagName(), tokens(t.getHelpers(), base));
    }
  }

  /** Jinjava gives a token's line (1-based) and its column (1-based); the text wants the offset. */
  private static int offsetOf(Token token, int[] lineStarts, int length) {
    int line = Math.min(Math.max(token.getLineNumber(), 1), lineStarts.length);
    return Math.min(lineStarts[line - 1] + Math.max(token.getStartPosition() - 1, 0), length);
  }

  private static int[] lineStarts(String text) {
    List<Integer> starts = new ArrayList<>(List.of(0));
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        starts.add(i + 1);
      }
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }

  private void tag(String name, List<Tok> toks) {
    switch (name) {
      case "if", "elif", "print", "do" -> expression(toks);
      case "for" -> forTag(toks);
      case "set" -> setTag(toks);
      case "macro", "call" -> {
        locals.addAll(MACRO_LOCALS);
        // a header mixes the macro's name, its parameters and their defaults: all count as defined
        toks.stream().filter(t -> t.kind() == Kind.NAME).forEach(t -> locals.add(t.text()));
        expression(toks);
      }
      case "with" -> {
        for (int i = 0; i + 1 < toks.size(); i++) {
          if (toks.get(i).kind() == Kind.NAME && toks.get(i + 1).is("=")) {
            locals.add(toks.get(i).text());
          }
        }
        expression(toks);
      }
      case "import", "from" -> {
        // {% import 'f' as x %}, {% from 'f' import a, b as c %}: every bare word after the file is a name
        toks.stream().filter(t -> t.kind() == Kind.NAME && !t.is("as") && !t.is("import")).forEach(t -> locals.add(t.text()));
      }
      default -> {} // end tags, else, raw, filter blocks...: nothing a variable could be read by
    }
  }

  /** {@code for a, b in items [if cond] [recursive]}: the targets and loop are defined. */
  private void forTag(List<Tok> toks) {
    int in = indexOf(toks, "in");
    if (in < 0) {
      return;
    }
    toks.subList(0, in).stream().filter(t -> t.kind() == Kind.NAME).forEach(t -> locals.add(t.text()));
    locals.add("loop");
    List<Tok> rest = new ArrayList<>(toks.subList(in + 1, toks.size()));
    if (!rest.isEmpty() && rest.get(rest.size() - 1).is("recursive")) {
      rest.remove(rest.size() - 1);
    }
    expression(rest);
  }

  /** {@code set x = expr}, {@code set a, b = expr}, {@code set ns.x = expr}, or a block {@code set x}. */
  private void setTag(List<Tok> toks) {
    int equals = indexOf(toks, "=");
    List<Tok> targets = equals < 0 ? toks : toks.subList(0, equals);
    for (int i = 0; i < targets.size(); i++) {
      boolean attribute = i > 0 && targets.get(i - 1).is(".");
      if (targets.get(i).kind() == Kind.NAME && !attribute) {
        locals.add(targets.get(i).text());
      }
    }
    if (equals >= 0) {
      expression(toks.subList(equals + 1, toks.size()));
    }
  }

  private static int indexOf(List<Tok> toks, String word) {
    for (int i = 0; i < toks.size(); i++) {
      if (toks.get(i).is(word)) {
        return i;
      }
    }
    return -1;
  }

  /** Root names read by one expression, and the operands of its guards. */
  private void expression(List<Tok> toks) {
    Deque<String> brackets = new ArrayDeque<>();
    List<Integer> rootAt = new ArrayList<>();
    for (int i = 0; i < toks.size(); i++) {
      Tok t = toks.get(i);
      if (t.kind() == Kind.OP) {
        switch (t.text()) {
          case "(", "[", "{" -> brackets.push(t.text());
          case ")", "]", "}" -> brackets.poll();
          default -> {}
        }
        continue;
      }
      if (t.kind() != Kind.NAME || WORDS.contains(t.text())) {
        continue;
      }
      Tok before = i > 0 ? toks.get(i - 1) : null;
      Tok after = i + 1 < toks.size() ? toks.get(i + 1) : null;
      boolean member = before != null && (before.is(".") || before.is("|"));
      boolean test = before != null && (before.is("is") || before.is("not") && i > 1 && toks.get(i - 2).is("is"));
      boolean call = after != null && after.is("(");
      boolean keyword = after != null && after.is("=");
      boolean dictKey = after != null && after.is(":") && "{".equals(brackets.peek());
      if (!member && !test && !call && !keyword && !dictKey) {
        rootAt.add(i);
        reads.add(new Read(t.text(), t.offset()));
      }
    }
    for (int i = 0; i < toks.size(); i++) {
      if (isGuard(toks, i)) {
        int start = operandStart(toks, i - 1);
        for (int at : rootAt) {
          if (at >= start && at < i) {
            guarded.add(toks.get(at).text());
          }
        }
      }
    }
  }

  /** True at the '|' of a default/d/mandatory filter or the 'is' of a defined/undefined test. */
  private static boolean isGuard(List<Tok> toks, int i) {
    if (i == 0 || i + 1 >= toks.size()) {
      return false;
    }
    Tok next = toks.get(i + 1);
    if (toks.get(i).is("|")) {
      return next.kind() == Kind.NAME && GUARD_FILTERS.contains(next.text());
    }
    if (toks.get(i).is("is")) {
      Tok test = next.is("not") && i + 2 < toks.size() ? toks.get(i + 2) : next;
      return test.kind() == Kind.NAME && GUARD_TESTS.contains(test.text());
    }
    return false;
  }

  /**
   * The first token of the operand that ends at {@code end}: back over attribute access, subscripts,
   * call arguments, parentheses and earlier filters of the same chain.
   */
  private static int operandStart(List<Tok> toks, int end) {
    int j = end;
    while (j >= 0) {
      Tok t = toks.get(j);
      boolean closer = t.is(")") || t.is("]") || t.is("}");
      int start = closer ? opening(toks, j) : j;
      if (start < 0) {
        return 0;
      }
      Tok before = start > 0 ? toks.get(start - 1) : null;
      if (before != null && (before.is(".") || before.is("|"))) {
        j = start - 2;
      } else if (before != null && closer && !t.is("}") && (before.kind() == Kind.NAME || before.is(")") || before.is("]"))) {
        j = start - 1;
      } else {
        return start;
      }
    }
    return 0;
  }

  private static int opening(List<Tok> toks, int close) {
    int depth = 0;
    for (int k = close; k >= 0; k--) {
      Tok t = toks.get(k);
      if (t.is(")") || t.is("]") || t.is("}")) {
        depth++;
      } else if (t.is("(") || t.is("[") || t.is("{")) {
        depth--;
        if (depth == 0) {
          return k;
        }
      }
    }
    return -1;
  }

  /** Names, numbers, string literals (Python's escapes) and operators; an unclosed string ends the list. */
  private static List<Tok> tokens(String text, int base) {
    List<Tok> toks = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      int start = i;
      if (Character.isWhitespace(c)) {
        i++;
      } else if (Character.isLetter(c) || c == '_') {
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
          i++;
        }
        toks.add(new Tok(Kind.NAME, text.substring(start, i), base + start));
      } else if (Character.isDigit(c)) {
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_' || text.charAt(i) == '.'
            && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)))) {
          i++;
        }
        toks.add(new Tok(Kind.NUMBER, text.substring(start, i), base + start));
      } else if (c == '\'' || c == '"') {
        i++;
        while (i < text.length() && text.charAt(i) != c) {
          i += text.charAt(i) == '\\' ? 2 : 1;
        }
        if (i >= text.length()) {
          return List.of(); // unclosed: not an expression we can read
        }
        i++;
        toks.add(new Tok(Kind.STRING, text.substring(start, i), base + start));
      } else {
        String two = i + 1 < text.length() ? text.substring(i, i + 2) : "";
        i += List.of("==", "!=", "<=", ">=", "//", "**").contains(two) ? 2 : 1;
        toks.add(new Tok(Kind.OP, text.substring(start, i), base + start));
      }
    }
    return toks;
  }
}
