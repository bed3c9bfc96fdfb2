package runbook.report;

import runbook.run.RecapRow;

/**
 * The counts a report opens with: hosts by their worst result, and the steps a check run could not
 * foresee.
 */
record Summary(int hosts, int changed, int ok, int failed, int unreachable, int unknown, int depends, boolean check) {
  static Summary of(RunReport report) {
    int changed = 0, ok = 0, failed = 0, unreachable = 0;
    for (RecapRow r : report.recap()) {
      if (r.unreachable() > 0) {
        unreachable++;
      } else if (r.failed() > 0) {
        failed++;
      } else if (r.changed() > 0) {
        changed++;
      } else {
        ok++;
      }
    }
    int unknown = 0, depends = 0;
    for (RunReport.Play p : report.plays()) {
      for (RunReport.Task t : p.tasks()) {
        for (RunReport.Result r : t.results()) {
          unknown += r.foresight().equals("unknown") ? 1 : 0;
          depends += r.foresight().equals("depends") ? 1 : 0;
        }
      }
    }
    return new Summary(report.recap().size(), changed, ok, failed, unreachable, unknown, depends, report.check());
  }

  /** "**40 hosts**: 3 would change, 37 ok, 0 failed, 0 unreachable; 2 steps cannot be predicted, 1 depends on a simulated change" */
  String line() {
    StringBuilder line = new StringBuilder("**").append(hosts).append(hosts == 1 ? " host" : " hosts").append("**: ")
        .append(changed).append(check ? " would change, " : " changed, ").append(ok).append(" ok, ").append(failed).append(" failed, ")
        .append(unreachable).append(" unreachable");
    if (check) {
      line.append("; ").append(unknown).append(unknown == 1 ? " step cannot" : " steps cannot").append(" be predicted, ").append(depends)
          .append(depends == 1 ? " depends" : " depend").append(" on an earlier simulated change");
    }
    return line.toString();
  }
}
