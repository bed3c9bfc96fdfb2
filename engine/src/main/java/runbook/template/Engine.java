package runbook.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.tag.IfTag;
import com.hubspot.jinjava.tree.TagNode;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.el.TruthyTypeConverter;
import com.hubspot.jinjava.el.ExtendedSyntaxBuilder;
import com.hubspot.jinjava.tree.parse.ExpressionToken;
import com.hubspot.jinjava.tree.parse.TextToken;
import com.hubspot.jinjava.tree.parse.Token;
import com.hubspot.jinjava.tree.parse.TokenScanner;
import jinjava.de.odysseus.el.ExpressionFactoryImpl;
import jinjava.de.odysseus.el.tree.TreeBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import jinjava.javax.el.CompositeELResolver;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ExpressionFactory;
import jinjava.javax.el.MethodExpression;
import jinjava.javax.el.ValueExpression;

/** The one configured Jinjava of a Templar, shared by all its render calls and threads. */
final class Engine {
  private static final int CACHE_LIMIT = 10_000;

  private final JinjavaConfig config;
  /** The configs of a template file's #jinja2: header, by [trim_blocks][lstrip_blocks]. */
  private final JinjavaConfig[][] headerConfigs = new JinjavaConfig[2][2];
  private final Jinjava jinjava;
  private final ConcurrentHashMap<String, Optional<String>> loneExpressions = new ConcurrentHashMap<>();

  Engine() {
    CompositeELResolver resolver = new CompositeELResolver() {
      @Override
      public Object getValue(ELContext context, Object base, Object property) {
        Object value = super.getValue(context, base, property);
        Scope.seenByCurrent(value);
        return value;
      }
    };
    resolver.add(new PythonMethods());
    resolver.add(new StrictResolver());
    resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
    for (int trim = 0; trim < 2; trim++) {
      for (int lstrip = 0; lstrip < 2; lstrip++) {
        headerConfigs[trim][lstrip] = config(resolver).withTrimBlocks(trim == 1).withLstripBlocks(lstrip == 1).build();
      }
    }
    config = headerConfigs[1][0]; // Ansible's template module sets trim_blocks
    jinjava = new StrictJinjava(config);
    jinjava.registerTag(new PythonIfTag());
    Filters.register(jinjava.getGlobalContext());
    Tests.register(jinjava.getGlobalContext());
    Lookups.register(jinjava.getGlobalContext());
  }

  private static JinjavaConfig.Builder config(CompositeELResolver resolver) {
    return JinjavaConfig.newBuilder()
        .withElResolver(resolver)
        // Jinja2 prints what an expression gives as it is; Jinjava would render a "{{" in it again
        .withNestedInterpretationEnabled(false)
        .withLegacyOverrides(LegacyOverrides.newBuilder()
            .withIterateOverMapKeys(true)
            .withEvaluateMapKeys(true)
            .withUseNaturalOperatorPrecedence(true)
            .withKeepNullableLoopValues(true)
            // as Jinja2: only a "-" right after "{{" or "{%" trims, so "{{ -1 }}" is minus one
            .withParseWhitespaceControlStrictly(true)
            .build());
  }

  Jinjava jinjava() {
    return jinjava;
  }

  JinjavaConfig config() {
    return config;
  }

  JinjavaConfig config(TemplateHeader header) {
    return headerConfigs[header.trimBlocks() ? 1 : 0][header.lstripBlocks() ? 1 : 0];
  }

  /** The expression of a text that is one {{ expression }} and nothing else but whitespace, or null. */
  String loneExpression(String text) {
    Optional<String> cached = loneExpressions.get(text);
    if (cached == null) {
      if (loneExpressions.size() > CACHE_LIMIT) {
        loneExpressions.clear();
      }
      cached = Optional.ofNullable(scanLoneExpression(text));
      loneExpressions.put(text, cached);
    }
    return cached.orElse(null);
  }

  private String scanLoneExpression(String text) {
    List<Token> tokens = new ArrayList<>();
    // a token reads its whitespace control ({{- x }}) by the current interpreter's rules: these
    JinjavaInterpreter.pushCurrent(new JinjavaInterpreter(jinjava, jinjava.getGlobalContext(), config));
    try {
      new TokenScanner(text, config).forEachRemaining(tokens::add);
    } finally {
      JinjavaInterpreter.popCurrent();
    }
    tokens.removeIf(token -> token instanceof TextToken t && t.getImage().isBlank());
    return tokens.size() == 1 && tokens.get(0) instanceof ExpressionToken expression ? expression.getExpr() : null;
  }

  /** Jinjava whose expressions refuse to coerce an undefined value (arithmetic, comparison, truth). */
  private static final class StrictJinjava extends Jinjava {
    private final ExpressionFactory expressions;

    StrictJinjava(JinjavaConfig config) {
      super(config);
      Properties properties = new Properties();
      properties.setProperty(TreeBuilder.class.getName(), ExtendedSyntaxBuilder.class.getName());
      expressions = new PythonLiteralFactory(new ExpressionFactoryImpl(properties, new StrictConverter()));
    }

    @Override
    public ExpressionFactory getExpressionFactory() {
      return expressions;
    }
  }

  /** The expression factory, reading string literals with Python's escapes first. */
  private static final class PythonLiteralFactory extends ExpressionFactory {
    private final ExpressionFactory delegate;

    PythonLiteralFactory(ExpressionFactory delegate) {
      this.delegate = delegate;
    }

    @Override
    public Object coerceToType(Object value, Class<?> type) {
      return delegate.coerceToType(value, type);
    }

    @Override
    public MethodExpression createMethodExpression(ELContext context, String expression, Class<?> returnType, Class<?>[] parameters) {
      return delegate.createMethodExpression(context, StringLiterals.rewrite(expression), returnType, parameters);
    }

    @Override
    public ValueExpression createValueExpression(ELContext context, String expression, Class<?> type) {
      return delegate.createValueExpression(context, StringLiterals.rewrite(expression), type);
    }

    @Override
    public ValueExpression createValueExpression(Object instance, Class<?> type) {
      return delegate.createValueExpression(instance, type);
    }
  }

  private static final class StrictConverter extends TruthyTypeConverter {
    private static final long serialVersionUID = 1L;

    @Override
    public <T> T convert(Object value, Class<T> type) {
      if (value instanceof Undefined undefined) {
        throw undefined.error();
      }
      return super.convert(value, type);
    }

    /** Python's truth for not, and, or and if-else: a non-empty string is true, "false" too. */
    @Override
    protected Boolean coerceToBoolean(Object value) {
      return Python.truthy(value);
    }
  }

  /** Jinja2's {@code {% if %}} and {@code {% elif %}}, which judge their test by Python's truth. */
  private static final class PythonIfTag extends IfTag {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isPositiveIfElseNode(TagNode tag, JinjavaInterpreter interpreter) {
      return Python.truthy(interpreter.resolveELExpression(tag.getHelpers(), tag.getLineNumber(), tag.getStartPosition()));
    }
  }
}
