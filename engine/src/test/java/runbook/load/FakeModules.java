package runbook.load;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import runbook.spi.ArgSpec;
import runbook.spi.ModuleSpec;

/** Small module specs shaped like Ansible's, for loading tests. */
final class FakeModules {
  private static final Map<String, ModuleSpec> SPECS = Stream.of(
          ModuleSpec.of("copy", ArgSpec.str("dest").required().alias("path"), ArgSpec.str("src"), ArgSpec.str("content"),
              ArgSpec.bool("backup"), ArgSpec.str("mode"), ArgSpec.bool("remote_src")),
          ModuleSpec.of("template", ArgSpec.str("src").required(), ArgSpec.str("dest").required(), ArgSpec.str("mode")),
          ModuleSpec.of("command", ArgSpec.str("_raw_params"), ArgSpec.str("creates"), ArgSpec.str("chdir")).withFreeForm("_raw_params"),
          ModuleSpec.of("file", ArgSpec.str("path").required().alias("dest"),
              ArgSpec.str("state").choices("file", "directory", "link", "absent", "touch"), ArgSpec.str("mode")),
          ModuleSpec.of("wait_for", ArgSpec.integer("port"), ArgSpec.integer("timeout")),
          ModuleSpec.of("apt", ArgSpec.list("name"), ArgSpec.str("state")),
          ModuleSpec.of("service", ArgSpec.str("name").required(), ArgSpec.str("state")),
          ModuleSpec.of("debug", ArgSpec.raw("msg"), ArgSpec.of("var", runbook.spi.ArgType.EXPRESSION)).onController(),
          ModuleSpec.of("uri", ArgSpec.str("url").required(), ArgSpec.dict("headers")),
          ModuleSpec.of("set_fact").withAnyArgs().onController())
      .collect(Collectors.toMap(ModuleSpec::name, s -> s));

  static final Function<String, Optional<ModuleSpec>> LOOKUP = name -> Optional.ofNullable(SPECS.get(name));

  private FakeModules() {}
}
