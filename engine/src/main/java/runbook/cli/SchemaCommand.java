package runbook.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import runbook.load.Schemas;
import runbook.run.ModuleRegistry;

/** Writes the JSON Schemas of runbooks and inventories, made from the installed modules' specs. */
final class SchemaCommand implements Callable<Integer> {
  static final String RUNBOOK = "runbook.schema.json";
  static final String TASKS = "tasks.schema.json";
  static final String INVENTORY = "inventory.schema.json";

  final CommandSpec spec = Options.command("schema", "Write " + RUNBOOK + ", " + TASKS + " and " + INVENTORY + " (for editors) into DIR.", this);
  private final PositionalParamSpec dir = Options.positional(spec, "0", Path.class, null, "DIR", "Where to write them, e.g. schema.");

  @Override
  public Integer call() throws java.io.IOException {
    Path folder = dir.getValue();
    if (!Files.isDirectory(folder)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), folder + " is not a directory");
    }
    var modules = ModuleRegistry.load().specs();
    Files.writeString(folder.resolve(RUNBOOK), Schemas.runbook(modules));
    Files.writeString(folder.resolve(TASKS), Schemas.tasks(modules));
    Files.writeString(folder.resolve(INVENTORY), Schemas.inventory());
    spec.commandLine().getOut().println("wrote " + RUNBOOK + ", " + TASKS + " and " + INVENTORY + " into " + folder);
    return ExitCodes.OK;
  }
}
