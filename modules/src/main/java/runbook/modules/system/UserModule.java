package runbook.modules.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.Command;
import runbook.spi.HostView;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * Ansible's user, planned from getent (passwd, shadow, group) and done with useradd, usermod and
 * userdel. The password (a crypt hash, as Ansible takes it) is set with {@code chpasswd -e} reading
 * it on stdin, never on a command line, and never shown: the result says NOT_LOGGING_PASSWORD.
 */
public final class UserModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
          "user",
          ArgSpec.str("name").required().alias("user"),
          ArgSpec.str("state").choices("present", "absent").defaultsTo("present"),
          ArgSpec.integer("uid"),
          ArgSpec.str("group"),
          ArgSpec.list("groups"),
          ArgSpec.bool("append").defaultsTo(false),
          ArgSpec.str("comment"),
          ArgSpec.str("home"),
          ArgSpec.str("shell"),
          ArgSpec.str("password"),
          ArgSpec.str("update_password").choices("always", "on_create").defaultsTo("always"),
          ArgSpec.bool("password_lock"),
          ArgSpec.bool("create_home").alias("createhome").defaultsTo(true),
          ArgSpec.bool("move_home").defaultsTo(false),
          ArgSpec.bool("system").defaultsTo(false),
          ArgSpec.bool("non_unique").defaultsTo(false),
          ArgSpec.bool("local").defaultsTo(false),
          ArgSpec.bool("force").defaultsTo(false),
          ArgSpec.bool("remove").defaultsTo(false))
      .inCollection("ansible.builtin")
      .describedAs("Adds, changes or removes a user account: uid, groups, home, shell, password hash (useradd, usermod, userdel).");

  /** What the result shows for a password, as Ansible's. */
  private static final String HIDDEN = "NOT_LOGGING_PASSWORD";

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    String name = args.str("name");
    if (!Accounts.NAME.matcher(name).matches()) {
      return Plan.failed("'" + name + "' is not a user name");
    }
    for (String arg : List.of("comment", "home", "shell", "password")) {
      if (args.has(arg) && (args.str(arg).contains(":") || args.str(arg).contains("\n"))) {
        return Plan.failed(arg + " cannot hold ':' or a line break: they separate the fields of /etc/passwd and /etc/shadow");
      }
    }
    String prefix = args.bool("local") ? "l" : "";
    HostView host = call.host();
    Accounts.User current = Accounts.user(host, name);
    var data = new LinkedHashMap<String, Object>();
    data.put("name", name);
    data.put("state", args.str("state"));
    if (args.str("state").equals("absent")) {
      if (current == null) {
        return Plan.unchanged("user " + name + " does not exist", data);
      }
      List<String> argv = new ArrayList<>(List.of(prefix + "userdel"));
      if (args.bool("force")) {
        argv.add("-f");
      }
      if (args.bool("remove")) {
        argv.add("-r");
      }
      argv.add(name);
      data.put("force", args.bool("force"));
      data.put("remove", args.bool("remove"));
      return Plan.change("remove user " + name, List.of(run(argv)), List.of()).touching("user:" + name).withData(data);
    }

    Accounts.Group group = null;
    if (args.has("group")) {
      group = Accounts.group(host, args.str("group"));
      if (group == null) {
        return missingGroup(host, args.str("group"), name, data);
      }
    }
    List<Accounts.Group> groupsGiven = new ArrayList<>();
    for (Object g : args.list("groups")) {
      String wanted = g.toString().strip();
      if (wanted.isEmpty()) {
        continue;
      }
      Accounts.Group found = Accounts.group(host, wanted);
      if (found == null) {
        return missingGroup(host, wanted, name, data);
      }
      groupsGiven.add(found);
    }
    String password = args.str("password");
    if (password != null) {
      data.put("password", HIDDEN);
    }
    List<Action> actions = new ArrayList<>();
    List<String> said = new ArrayList<>();
    if (current == null) {
      List<String> argv = new ArrayList<>(List.of(prefix + "useradd"));
      if (args.has("uid")) {
        argv.addAll(List.of("-u", args.integer("uid").toString()));
        if (args.bool("non_unique")) {
          argv.add("-o");
        }
      }
      if (group != null) {
        argv.addAll(List.of("-g", group.name()));
      } else if (Accounts.group(host, name) != null) {
        argv.add("-N"); // a group of the user's name exists already: useradd would fail making it
      }
      if (args.has("groups") && !groupsGiven.isEmpty()) {
        argv.addAll(List.of("-G", names(groupsGiven)));
      }
      option(argv, "-c", args.str("comment"));
      option(argv, "-d", args.str("home"));
      option(argv, "-s", args.str("shell"));
      if (args.bool("system")) {
        argv.add("-r");
      }
      argv.add(args.bool("create_home") ? "-m" : "-M");
      argv.add(name);
      actions.add(run(argv));
      said.add("add user " + name);
      if (password != null) {
        actions.add(chpasswd(name, password));
      }
      if (Boolean.TRUE.equals(args.raw("password_lock"))) {
        actions.add(run(List.of(prefix + "usermod", "-L", name)));
      }
      data.put("system", args.bool("system"));
      data.put("create_home", args.bool("create_home"));
      putIfGiven(data, args, "uid", "comment", "home", "shell");
      if (group != null) {
        data.put("group", group.gid());
      }
      if (args.has("groups")) {
        data.put("groups", names(groupsGiven));
      }
      return Plan.change(String.join("; ", said), actions, List.of()).touching("user:" + name).withData(data);
    }

    List<String> argv = new ArrayList<>(List.of(prefix + "usermod"));
    if (args.has("uid") && args.integer("uid") != current.uid()) {
      argv.addAll(List.of("-u", args.integer("uid").toString()));
      if (args.bool("non_unique")) {
        argv.add("-o");
      }
      said.add("uid " + current.uid() + " -> " + args.integer("uid"));
    }
    if (group != null && group.gid() != current.gid()) {
      argv.addAll(List.of("-g", group.name()));
      said.add("primary group -> " + group.name());
    }
    if (args.has("groups")) {
      // as Ansible: the primary group is no supplementary group, on either side
      int primary = group != null ? group.gid() : current.gid();
      Set<String> now = new LinkedHashSet<>();
      Accounts.memberOf(host, name).stream().filter(g -> g.gid() != primary).forEach(g -> now.add(g.name()));
      Set<String> wanted = new LinkedHashSet<>();
      groupsGiven.stream().filter(g -> g.gid() != primary).forEach(g -> wanted.add(g.name()));
      if (args.bool("append") ? !now.containsAll(wanted) : !now.equals(wanted)) {
        if (args.bool("append")) {
          argv.add("-a");
        }
        argv.addAll(List.of("-G", String.join(",", wanted)));
        said.add("groups " + String.join(",", now) + " -> " + (args.bool("append") ? "+" : "") + String.join(",", wanted));
      }
    }
    change(argv, said, "-c", "comment", current.comment(), args.str("comment"));
    if (args.has("home") && !args.str("home").equals(current.home())) {
      argv.addAll(List.of("-d", args.str("home")));
      if (args.bool("move_home")) {
        argv.add("-m");
      }
      said.add("home " + current.home() + " -> " + args.str("home"));
    }
    change(argv, said, "-s", "shell", current.shell(), args.str("shell"));
    if (argv.size() > 1) {
      argv.add(name);
      actions.add(run(argv));
    }
    String hash = null;
    if ((password != null && args.str("update_password").equals("always")) || args.raw("password_lock") != null) {
      hash = Accounts.hash(host, name);
      if (hash == null) {
        return Plan.failed("the password of " + name + " cannot be read here (the shadow database needs become: true)", data);
      }
    }
    if (password != null && args.str("update_password").equals("always") && !password.equals(hash.startsWith("!") ? hash.substring(1) : hash)) {
      actions.add(chpasswd(name, hash.startsWith("!") && !Boolean.FALSE.equals(args.raw("password_lock")) ? "!" + password : password));
      said.add("password changed");
    }
    Object lock = args.raw("password_lock");
    if (lock != null && (Boolean) lock != hash.startsWith("!")) {
      actions.add(run(List.of(prefix + "usermod", (Boolean) lock ? "-L" : "-U", name)));
      said.add((Boolean) lock ? "password locked" : "password unlocked");
    }
    data.put("uid", args.has("uid") ? args.integer("uid") : current.uid());
    data.put("group", group != null ? group.gid() : current.gid());
    data.put("comment", args.has("comment") ? args.str("comment") : current.comment());
    data.put("home", args.has("home") ? args.str("home") : current.home());
    data.put("shell", args.has("shell") ? args.str("shell") : current.shell());
    if (args.has("groups")) {
      data.put("groups", names(groupsGiven));
      data.put("append", args.bool("append"));
    }
    if (actions.isEmpty()) {
      return Plan.unchanged("user " + name + " is as wanted", data);
    }
    return Plan.change("change user " + name + ": " + String.join(", ", said), actions, List.of()).touching("user:" + name).withData(data);
  }

  /** A group that is not there fails, unless a check run only simulated making it. */
  private static Plan missingGroup(HostView host, String group, String user, Map<String, Object> data) {
    List<String> pending = host.pending("group:" + group);
    if (pending.isEmpty()) {
      return Plan.failed("Group " + group + " does not exist", data);
    }
    return Plan.change("add or change user " + user + " with group " + group, List.of(), List.of()).dependingOn(pending.get(0)).withData(data);
  }

  private static void change(List<String> argv, List<String> said, String option, String what, String now, String wanted) {
    if (wanted != null && !wanted.equals(now)) {
      argv.addAll(List.of(option, wanted));
      said.add(what + " " + now + " -> " + wanted);
    }
  }

  private static void option(List<String> argv, String option, String value) {
    if (value != null) {
      argv.addAll(List.of(option, value));
    }
  }

  private static String names(List<Accounts.Group> groups) {
    return String.join(",", groups.stream().map(Accounts.Group::name).toList());
  }

  private static void putIfGiven(Map<String, Object> data, Args args, String... names) {
    for (String n : names) {
      if (args.has(n)) {
        data.put(n, args.raw(n));
      }
    }
  }

  private static Action run(List<String> argv) {
    return new Action.Run(Command.of(argv));
  }

  /** The hash travels on stdin: a command line is visible to every user of the host. */
  private static Action chpasswd(String name, String hash) {
    return new Action.Run(Command.of("chpasswd", "-e").withStdin(name + ":" + hash + "\n"));
  }
}
