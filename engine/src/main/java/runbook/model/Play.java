package runbook.model;

import java.util.List;
import java.util.Map;

/**
 * One play. {@code vars} already include the play's vars_files, in order, file by file.
 *
 * @param serial batch sizes as written (numbers or "30%"), empty for all hosts at once
 * @param maxFailPercentage null when not set
 * @param gatherFacts Ansible's gather_facts (default true); facts are gathered only when used
 * @param environment the play's environment keyword (see {@link Keywords}), or null
 * @param roles the roles whose defaults and vars every task of the play sees (those of {@code roles:},
 *     import_role, and include_role with {@code public: true}), in the order they were written
 * @param prompts vars_prompt: what to ask before the play starts
 * @param order Ansible's order of the play's hosts: inventory, reverse_inventory, sorted,
 *     reverse_sorted or shuffle
 */
public record Play(
    String name,
    String hosts,
    Map<String, Object> vars,
    List<Step> tasks,
    List<Task> handlers,
    Boolean become,
    String becomeUser,
    List<Object> serial,
    Integer maxFailPercentage,
    boolean anyErrorsFatal,
    boolean forceHandlers,
    List<String> tags,
    boolean gatherFacts,
    /** The play's gather_subset and gather_timeout, as arguments of the module that gathers facts. */
    Map<String, Object> gathering,
    Object environment,
    List<Role> roles,
    List<VarPrompt> prompts,
    String order,
    SourceLocation location) {
  public Play {
    vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
    gathering = Map.copyOf(gathering);
    tasks = List.copyOf(tasks);
    handlers = List.copyOf(handlers);
    serial = List.copyOf(serial);
    tags = List.copyOf(tags);
    roles = List.copyOf(roles);
    prompts = List.copyOf(prompts);
  }
}
