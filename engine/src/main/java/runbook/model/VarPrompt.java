package runbook.model;

/**
 * One entry of a play's vars_prompt: asked once before the play starts, unless an extra var of
 * that name is given.
 *
 * @param defaultValue the answer to an empty line (and with --yes), or null
 * @param secret Ansible's {@code private} (default true): typed without echo
 */
public record VarPrompt(String name, String prompt, Object defaultValue, boolean secret, boolean confirm, SourceLocation location) {}
