package runbook.model;

/** One entry of a task list: a task or a block. */
public sealed interface Step permits Task, Block {
  SourceLocation location();
}
