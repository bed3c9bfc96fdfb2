package runbook.load;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import runbook.spi.ArgSpec;
import runbook.spi.ModuleSpec;
import runbook.template.Templar;

/** Small module specs shaped like Ansible's, for loading tests. */
final class FakeModules {
  private static final Map<String, ModuleSpec> SPECS = Stream.of(
          ModuleSpec.of("copy", ArgSpec.str("dest").required().alias("path"), ArgSpec.str("src"), ArgSpec.str("content"),
              ArgSpec.bool("backup"), ArgSpec.mode("mode"), ArgSpec.bool("remote_src"),
              ArgSpec.str("validate").containing("%s"))
              .inCollection("ansible.builtin").controllerFile("src", ModuleSpec.ControllerFile.FILES, "remote_src"),
          ModuleSpec.of("template", ArgSpec.str("src").required(), ArgSpec.str("dest").required(), ArgSpec.mode("mode"))
              .controllerFile("src", ModuleSpec.ControllerFile.TEMPLATES, null),
          ModuleSpec.of("command", ArgSpec.str("_raw_params"), ArgSpec.str("creates"), ArgSpec.str("chdir")).withFreeForm("_raw_params").inCollection("ansible.builtin"),
          ModuleSpec.of("file", ArgSpec.str("path").required().alias("dest"),
              ArgSpec.str("state").choices("file", "directory", "link", "absent", "touch"), ArgSpec.mode("mode")),
          ModuleSpec.of("lineinfile", ArgSpec.str("path").required(), ArgSpec.str("line"), ArgSpec.mode("mode")),
          ModuleSpec.of("wait_for", ArgSpec.integer("port"), ArgSpec.integer("timeout")),
          ModuleSpec.of("apt", ArgSpec.list("name"), ArgSpec.str("state")),
          ModuleSpec.of("service", ArgSpec.str("name").required(), ArgSpec.str("state")),
          ModuleSpec.of("debug", ArgSpec.raw("msg"), ArgSpec.of("var", runbook.spi.ArgType.EXPRESSION)).onController(),
          ModuleSpec.of("uri", ArgSpec.str("url").required(), ArgSpec.dict("headers")),
          ModuleSpec.of("set_fact").with(ModuleSpec.Trait.OPEN_ARGS, ModuleSpec.Trait.CONTROLLER_ONLY, ModuleSpec.Trait.SETS_FACTS))
      .flatMap(s -> s.names().stream().map(n -> Map.entry(n, s)))
      .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));

  static final Function<String, Optional<ModuleSpec>> LOOKUP = name -> Optional.ofNullable(SPECS.get(name));
  /** The modules' own names, as the registry lists them. */
  static final Set<String> NAMES = SPECS.values().stream().map(ModuleSpec::name).collect(Collectors.toSet());

  /** One templar for every loading test: making one costs a good part of a second. */
  private static final Templar TEMPLAR = new Templar();

  private FakeModules() {}

  static Loader loader() {
    return new Loader(LOOKUP, NAMES, () -> TEMPLAR);
  }
}
