package runbook.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import runbook.load.Loaded;
import runbook.load.Problem;
import runbook.report.Redactor;
import runbook.run.ModuleRegistry;
import runbook.secret.Secrets;

final class ValidateCommand implements Callable<Integer> {
  final CommandSpec spec = Options.command("validate", "Load and check the inventory and runbooks; contact no host.", this);
  private final Target target = new Target(spec);
  private final SecretOptions secrets = new SecretOptions(spec);
  private final OptionSpec format = Options.value(spec, String.class, "FORMAT", "text",
      "text (default): problems as FILE:LINE:COL: message on stderr; json: every problem and warning as JSON on stdout.", "--format");

  @Override
  public Integer call() {
    String how = format.getValue();
    if (!how.equals("text") && !how.equals("json")) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--format must be text or json, not '" + how + "'");
    }
    if (how.equals("json")) {
      return json();
    }
    var loaded = Loading.load(target, secrets.secrets(), ModuleRegistry.load(), spec.commandLine().getErr());
    if (loaded.isEmpty()) {
      return ExitCodes.INVALID;
    }
    int plays = loaded.get().runbooks().stream().mapToInt(r -> r.plays().size()).sum();
    spec.commandLine().getOut().printf(
        "ok: %d runbook(s), %d play(s), %d host(s) in the inventory%n",
        loaded.get().runbooks().size(), plays, loaded.get().inventory().hosts().size());
    return ExitCodes.OK;
  }

  /**
   * For editors and CI annotations: an array of {file, line, column, severity, message}, problems
   * first, then warnings; file, line and column are null for a problem of the command line itself.
   */
  private int json() {
    Secrets known = secrets.secrets();
    Loaded loaded = Loading.loadOnly(target, known, ModuleRegistry.load());
    Redactor redactor = new Redactor(known);
    List<Map<String, Object>> out = new ArrayList<>();
    loaded.problems().forEach(p -> out.add(entry(p, "error", redactor)));
    loaded.warnings().forEach(p -> out.add(entry(p, "warning", redactor)));
    try {
      spec.commandLine().getOut().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("maps of strings always serialise", e);
    }
    spec.commandLine().getOut().flush();
    return loaded.ok() ? ExitCodes.OK : ExitCodes.INVALID;
  }

  private static Map<String, Object> entry(Problem p, String severity, Redactor redactor) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("file", p.location() == null ? null : p.location().file().toString());
    e.put("line", p.location() == null ? null : p.location().line());
    e.put("column", p.location() == null ? null : p.location().column());
    e.put("severity", severity);
    e.put("message", redactor.redact(p.message()));
    return e;
  }
}
