package runbook.modules.packages;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import runbook.spi.Action;
import runbook.spi.Args;
import runbook.spi.Command;
import runbook.spi.Meter;
import runbook.spi.Shell;

/**
 * apt-get as one task calls it: the options every call shares, simulated for the plan and run for
 * the apply with the same argument list, {@code -s} the only difference.
 *
 * @param options what goes before the verb: -y, the lock wait, dpkg's options, recommends, -t
 * @param policyRcD with it, maintainer scripts are told by /usr/sbin/policy-rc.d to exit with this
 *     status instead of starting or stopping services (101: "action forbidden"); null: not written
 */
record AptGet(List<String> options, int lockTimeout, Integer policyRcD) {
  /** apt's output is read by the module: the C locale, and no debconf question may wait for an answer. */
  static final Map<String, String> ENV = Map.of("DEBIAN_FRONTEND", "noninteractive", "DEBIAN_PRIORITY", "critical", "LC_ALL", "C");

  private static final String POLICY_RC_D = "/usr/sbin/policy-rc.d";

  AptGet {
    options = List.copyOf(options);
  }

  static AptGet of(Args args) {
    int lockTimeout = args.integer("lock_timeout");
    List<String> options = new ArrayList<>(List.of("-y", "-o", "DPkg::Lock::Timeout=" + lockTimeout));
    for (String option : args.str("dpkg_options").split(",")) {
      if (!option.isBlank()) {
        options.addAll(List.of("-o", "Dpkg::Options::=--" + option.strip()));
      }
    }
    if (args.has("install_recommends")) {
      options.addAll(List.of("-o", "APT::Install-Recommends=" + (args.bool("install_recommends") ? "yes" : "no")));
    }
    if (args.has("default_release")) {
      options.addAll(List.of("-t", args.str("default_release")));
    }
    if (args.bool("allow_downgrade")) {
      options.add("--allow-downgrades");
    }
    return new AptGet(options, lockTimeout, args.integer("policy_rc_d"));
  }

  /** The read-only simulation of {@code verb} (flags, the verb, then its words). */
  Command simulate(List<String> verb) {
    return Command.of(argv(List.of("apt-get", "-s"), verb)).withEnv(ENV);
  }

  /** The real run of what {@link #simulate} simulated, inside policy-rc.d when asked, its progress shown by {@code meter}. */
  Action run(List<String> verb, Meter meter) {
    List<String> argv = argv(List.of("apt-get"), verb);
    if (policyRcD == null) {
      return new Action.Run(Command.of(argv).withEnv(ENV), meter);
    }
    // As Ansible: an existing policy-rc.d is set aside and put back, whatever apt-get does.
    String script = String.join("\n",
        "p=" + POLICY_RC_D + " b=",
        "if [ -e \"$p\" ] || [ -h \"$p\" ]; then b=$(mktemp -d) && mv -- \"$p\" \"$b/\" || exit 1; fi",
        "trap 'rm -f -- \"$p\"; if [ -n \"$b\" ]; then mv -- \"$b/policy-rc.d\" \"$p\" && rmdir -- \"$b\"; fi' EXIT",
        "trap 'exit 129' HUP INT TERM",
        "printf '#!/bin/sh\\nexit %d\\n' " + policyRcD + " > \"$p\" && chmod 0755 \"$p\" || exit 1",
        argv.stream().map(Shell::quote).collect(Collectors.joining(" ")));
    return new Action.Run(Command.script(script).withEnv(ENV), meter);
  }

  /**
   * apt-get update, retried while another apt holds the lists lock, until {@code lock_timeout}:
   * apt's DPkg::Lock::Timeout does not cover that lock. {@code --error-on=any} fails on a list
   * that could not be fetched, which apt-get update otherwise reports with status 0.
   */
  Action update() {
    String script = String.join("\n",
        "t=$(mktemp) || exit 1",
        "trap 'rm -f -- \"$t\"' EXIT",
        "end=$(($(date +%s) + " + lockTimeout + "))",
        "while :; do",
        "  if apt-get -q --error-on=any update 2>\"$t\"; then cat \"$t\" >&2; exit 0; else rc=$?; fi",
        "  if ! grep -q '^E: Could not get lock' \"$t\" || [ \"$(date +%s)\" -ge \"$end\" ]; then cat \"$t\" >&2; exit \"$rc\"; fi",
        "  sleep 1",
        "done");
    return new Action.Run(Command.script(script).withEnv(ENV));
  }

  private List<String> argv(List<String> program, List<String> verb) {
    return Stream.of(program, options, verb).flatMap(List::stream).toList();
  }
}
