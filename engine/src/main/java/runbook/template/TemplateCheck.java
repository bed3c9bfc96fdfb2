package runbook.template;

import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.el.ExtendedSyntaxBuilder;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError.ErrorReason;
import com.hubspot.jinjava.tree.ExpressionNode;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import com.hubspot.jinjava.tree.parse.ExpressionToken;
import com.hubspot.jinjava.tree.parse.TagToken;
import com.hubspot.jinjava.tree.parse.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jinjava.de.odysseus.el.tree.IdentifierNode;
import jinjava.de.odysseus.el.tree.Tree;
import jinjava.de.odysseus.el.tree.TreeBuilderException;
import jinjava.de.odysseus.el.tree.impl.Builder.Feature;

/**
 * The Jinja mistakes of a template or condition found without rendering it, with the renderer's
 * own parser and filters: syntax errors of tags and expressions, unknown tags, filters and tests.
 * Every mistake is reported, not only the first.
 */
public final class TemplateCheck {
  /** One mistake, at a line (1-based) and column (1-based) of the text checked. */
  public record Mistake(int line, int column, String message) {}

  private static final Pattern MISSING_END = Pattern.compile("(?s).*Missing end tag: (\\w+) for tag defined as: (.*)");
  private static final Pattern UNKNOWN_TAG = Pattern.compile("(?s).*Unknown tag: (\\S+).*");
  /**
   * Parsed without trim_blocks, which the renderer has: Jinjava counts the lines of what comes after
   * a trimmed newline one short. Tags and expressions are the same either way.
   */
  private static final JinjavaConfig POSITIONS = JinjavaConfig.newBuilder().build();
  /** The renderer's expression parser, with the features its expression factory gives it (JUEL's JEE6 profile). */
  private static final ExtendedSyntaxBuilder PARSER = new ExtendedSyntaxBuilder(Feature.METHOD_INVOCATIONS, Feature.VARARGS);
  private static final String FILTER = "filter:";
  private static final String TEST = "exptest:";

  private final Engine engine;

  public TemplateCheck(Templar templar) {
    this.engine = templar.engine();
  }

  /** A template ({{ }}, {% %}); text without template syntax has no mistakes. */
  public List<Mistake> template(String text) {
    List<Mistake> found = new ArrayList<>();
    if (!Templar.isTemplate(text)) {
      return found;
    }
    JinjavaInterpreter interpreter = new JinjavaInterpreter(engine.jinjava(), new Context(engine.jinjava().getGlobalContext()), POSITIONS);
    Node root = interpreter.parse(Braces.apart(text));
    for (com.hubspot.jinjava.interpret.TemplateError error : interpreter.getErrors()) {
      if (error.getReason() == ErrorReason.SYNTAX_ERROR) {
        found.add(new Mistake(Math.max(error.getLineno(), 1), Math.max(error.getStartPosition(), 1), tagMessage(error.getMessage(), text, error)));
      }
    }
    walk(root, found);
    return found;
  }

  /** A when:-style condition: a bare expression, or a template when it has template syntax. */
  public List<Mistake> condition(String text) {
    if (Templar.isTemplate(text)) {
      return template(text);
    }
    List<Mistake> found = new ArrayList<>();
    if (Python.BOOLEAN_WORDS.get(text.strip().toLowerCase(java.util.Locale.ROOT)) == null) {
      expression(text, 1, 1, found);
    }
    return found;
  }

  private void walk(Node node, List<Mistake> found) {
    for (Node child : node.getChildren()) {
      Token master = child.getMaster();
      if (child instanceof ExpressionNode && master instanceof ExpressionToken e && !e.getExpr().isBlank()) {
        at(master, e.getImage().indexOf(e.getExpr()), e.getExpr(), found);
      } else if (child instanceof TagNode && master instanceof TagToken t) {
        String expression = tagExpression(t.getTagName(), t.getHelpers());
        if (expression != null && !expression.isBlank()) {
          at(master, t.getImage().indexOf(expression, 2), expression, found);
        }
      }
      walk(child, found);
    }
  }

  /** Checks an expression that starts {@code offset} characters into a token's image. */
  private void at(Token token, int offset, String expression, List<Mistake> found) {
    String before = token.getImage().substring(0, Math.max(offset, 0));
    int newlines = (int) before.chars().filter(c -> c == '\n').count();
    int column = newlines == 0 ? token.getStartPosition() + offset : offset - before.lastIndexOf('\n');
    expression(expression, token.getLineNumber() + newlines, column, found);
  }

  /** The expression in what follows a tag's name, for the tags that take one; else null. */
  private static String tagExpression(String tag, String rest) {
    String text = rest.strip();
    return switch (tag) {
      case "if", "elif" -> text;
      case "for" -> {
        int in = text.indexOf(" in ");
        String iterable = in < 0 ? null : text.substring(in + 4).replaceFirst("\\s+recursive$", "");
        // "for x in xs if cond" is Jinja2's; leave what this parser may read otherwise to the renderer
        yield iterable == null || iterable.contains(" if ") ? null : iterable;
      }
      case "set" -> {
        int equals = text.indexOf('=');
        yield equals < 0 || text.substring(0, equals).contains(",") || text.substring(equals + 1).contains(",")
            ? null : text.substring(equals + 1);
      }
      default -> null;
    };
  }

  /** One expression, which starts at {@code line}:{@code column} of the text. */
  private void expression(String expression, int line, int column, List<Mistake> found) {
    String rewritten = StringLiterals.rewrite(expression);
    Tree tree;
    try {
      tree = PARSER.build("#{" + rewritten + "}");
    } catch (TreeBuilderException e) {
      int position = rewritten.equals(expression) ? Math.max(0, Math.min(e.getPosition() - 2, expression.length())) : 0;
      String what = position >= expression.stripTrailing().length() ? "the expression ends too early"
          : "unexpected " + e.getEncountered();
      found.add(new Mistake(line, column + position, "Jinja syntax error in '" + expression.strip() + "': " + what));
      return;
    } catch (RuntimeException e) {
      found.add(new Mistake(line, column, "Jinja syntax error in '" + expression.strip() + "'"));
      return;
    }
    for (IdentifierNode id : tree.getIdentifierNodes()) {
      String name = id.getName();
      if (name.startsWith(FILTER) && !Filters.names().contains(name.substring(FILTER.length()))) {
        String filter = name.substring(FILTER.length());
        found.add(new Mistake(line, column + find(expression, "\\|\\s*(" + Pattern.quote(filter) + ")\\b"), "no filter named '" + filter + "'"));
      } else if (name.startsWith(TEST) && !Tests.names().contains(name.substring(TEST.length()))) {
        String test = name.substring(TEST.length());
        found.add(new Mistake(line, column + find(expression, "\\bis\\s+(?:not\\s+)?(" + Pattern.quote(test) + ")\\b"), "no test named '" + test + "'"));
      }
    }
  }

  private static int find(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? m.start(1) : 0;
  }

  /** Jinjava's sentence about a tag, in ours. */
  private static String tagMessage(String message, String text, com.hubspot.jinjava.interpret.TemplateError error) {
    Matcher missing = MISSING_END.matcher(message);
    if (missing.matches()) {
      return "Jinja syntax error: '" + missing.group(2).strip() + "' is never closed by '{% " + missing.group(1) + " %}'";
    }
    Matcher unknown = UNKNOWN_TAG.matcher(message);
    if (unknown.matches()) {
      return "Jinja syntax error: unknown tag '" + unknown.group(1) + "'";
    }
    if (message.contains("Missing start tag")) {
      return "Jinja syntax error: '" + image(text, error, "%}") + "' closes no tag that is open";
    }
    if (message.contains("Unclosed token")) {
      return "Jinja syntax error: '" + image(text, error, null) + "' is never closed";
    }
    return "Jinja syntax error: " + message.strip().lines().findFirst().orElse(message);
  }

  /** The text where an error points, to {@code end} (included), else its first two characters. */
  private static String image(String text, com.hubspot.jinjava.interpret.TemplateError error, String end) {
    String[] lines = text.split("\n", -1);
    int line = Math.min(Math.max(error.getLineno(), 1), lines.length) - 1;
    String rest = lines[line].substring(Math.min(Math.max(error.getStartPosition() - 1, 0), lines[line].length()));
    int close = end == null ? -1 : rest.indexOf(end);
    return close >= 0 ? rest.substring(0, close + end.length()) : rest.substring(0, Math.min(2, rest.length()));
  }
}
