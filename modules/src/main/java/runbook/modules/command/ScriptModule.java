package runbook.modules.command;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.Command;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;
import runbook.spi.Shell;
import runbook.spi.ShellWords;

/**
 * Ansible's script: a script of the controller (found in files/, then beside the runbook) run on
 * the host with the words after it as its arguments. It travels on stdin into a temp file that
 * lives only while it runs (made, run and removed by one command, so a failing script leaves
 * nothing behind). Its arguments are words, each quoted: they never pass through the host's shell.
 */
public final class ScriptModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
          "script",
          ArgSpec.str("_raw_params"),
          ArgSpec.str("cmd"),
          ArgSpec.str("creates"),
          ArgSpec.str("removes"),
          ArgSpec.str("chdir"),
          ArgSpec.str("executable"))
      .withFreeForm("_raw_params")
      .inCollection("ansible.builtin")
      .describedAs("Sends a script of the controller to the host and runs it there with arguments; in check mode only with creates or removes.");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    String text = Run.text(args);
    var words = text == null ? java.util.Optional.<List<String>>empty() : ShellWords.split(text);
    if (text == null || words.isEmpty() || words.get().isEmpty()) {
      return Plan.failed(text == null ? "no script given" : "The script's arguments have an unclosed quotation: " + text);
    }
    List<String> executable = List.of();
    if (args.has("executable")) {
      var split = ShellWords.split(args.str("executable"));
      if (split.isEmpty() || split.get().isEmpty()) {
        return Plan.failed("executable is not a command: " + args.str("executable"));
      }
      executable = split.get();
    }
    String path = words.get().get(0);
    String content;
    try {
      content = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(call.controller().readFile("files", path))).toString();
    } catch (CharacterCodingException e) {
      return Plan.failed("the script " + path + " is not UTF-8 text");
    }
    String run = java.util.stream.Stream.concat(executable.stream().map(Shell::quote), java.util.stream.Stream.of("\"$t\""))
        .collect(Collectors.joining(" "));
    String arguments = words.get().stream().skip(1).map(Shell::quote).map(w -> " " + w).collect(Collectors.joining());
    Command command = Command.script("t=$(mktemp) || exit 125\ntrap 'rm -f \"$t\"' EXIT\ncat > \"$t\" && chmod 700 \"$t\" && " + run + arguments)
        .withStdin(content).in(args.str("chdir"));
    return Run.plan(call, new Action.Run(command), text, "the script " + text, List.of());
  }
}
