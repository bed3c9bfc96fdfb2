package runbook.modules.facts;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gathering script's output made into facts shaped as Ansible's setup returns them, without
 * the {@code ansible_} prefix: numbers as integers, lists, dictionaries. A fact whose source the
 * host lacks is left out, as Ansible leaves it out.
 */
final class Facts {
  /** A cgroup v1 "no limit" is a huge page-aligned number; anything this large is no limit. */
  private static final long NO_LIMIT = 1L << 62;

  private static final Pattern OCTAL = Pattern.compile("\\\\([0-7]{3})");

  private static final Map<String, String> DISTRIBUTIONS = Map.ofEntries(
      Map.entry("debian", "Debian"), Map.entry("raspbian", "Debian"), Map.entry("ubuntu", "Ubuntu"),
      Map.entry("linuxmint", "Linux Mint"), Map.entry("devuan", "Devuan"), Map.entry("kali", "Kali"),
      Map.entry("pop", "Pop!_OS"), Map.entry("centos", "CentOS"), Map.entry("rhel", "RedHat"), Map.entry("fedora", "Fedora"),
      Map.entry("rocky", "Rocky"), Map.entry("almalinux", "AlmaLinux"), Map.entry("amzn", "Amazon"),
      Map.entry("ol", "OracleLinux"), Map.entry("sles", "SLES"), Map.entry("opensuse-leap", "openSUSE Leap"),
      Map.entry("opensuse-tumbleweed", "openSUSE Tumbleweed"), Map.entry("arch", "Archlinux"), Map.entry("alpine", "Alpine"),
      Map.entry("gentoo", "Gentoo"));

  private static final Map<String, String> FAMILIES = new LinkedHashMap<>();

  static {
    family("RedHat", "RedHat", "Fedora", "CentOS", "OracleLinux", "Amazon", "AlmaLinux", "Rocky");
    family("Debian", "Debian", "Ubuntu", "Linux Mint", "Devuan", "Kali", "Pop!_OS");
    family("Suse", "SLES", "openSUSE Leap", "openSUSE Tumbleweed");
    family("Archlinux", "Archlinux");
    family("Gentoo", "Gentoo");
    family("Alpine", "Alpine");
  }

  /** PID 1 names that are service managers, as Ansible maps them. */
  private static final Map<String, String> INITS = Map.of(
      "systemd", "systemd", "upstart", "upstart", "procd", "openwrt_init", "runit-init", "runit", "runit", "runit",
      "svscan", "svc", "s6-svscan", "s6", "openrc-init", "openrc");

  private static final Map<String, String> LINK_TYPES = Map.of(
      "ether", "ether", "loopback", "loopback", "infiniband", "infiniband", "ppp", "ppp", "none", "tunnel");

  private final Output out;
  private final Map<String, Object> facts = new LinkedHashMap<>();

  private Facts(Output out) {
    this.out = out;
  }

  private static void family(String family, String... names) {
    for (String name : names) {
      FAMILIES.put(name, family);
    }
  }

  /** The facts of {@code collectors} in {@code output}. */
  static Map<String, Object> of(String output, Set<Collector> collectors) {
    Facts f = new Facts(Output.parse(output));
    for (Collector c : Collector.values()) {
      if (collectors.contains(c)) {
        switch (c) {
          case PLATFORM -> f.platform();
          case DISTRIBUTION -> f.distribution();
          case DATE_TIME -> f.dateTime();
          case USER -> f.user();
          case PYTHON -> f.python();
          case PKG_MGR -> f.pkgMgr();
          case SERVICE_MGR -> f.serviceMgr();
          case HARDWARE -> f.hardware();
          case NETWORK -> f.network();
          case ENV -> f.facts.put("env", f.out.environment());
        }
      }
    }
    return f.facts;
  }

  private void put(String name, Object value) {
    if (value != null && !"".equals(value)) {
      facts.put(name, value);
    }
  }

  private void platform() {
    Map<String, String> p = out.pairs("platform");
    // uname -snrvm: the kernel's version (v) is the only part with spaces, between release and machine
    String[] uname = p.getOrDefault("uname", "").strip().split(" ");
    if (uname.length < 4) {
      return;
    }
    put("system", uname[0]);
    put("kernel", uname[2]);
    put("kernel_version", String.join(" ", List.of(uname).subList(3, uname.length - 1)));
    String machine = uname[uname.length - 1];
    put("machine", machine);
    String node = uname[1];
    put("nodename", node);
    put("hostname", node.split("\\.", 2)[0]);
    // Python's socket.getfqdn: the first of the reverse lookup's names with a dot, else its first name
    String[] names = p.getOrDefault("reverse", "").strip().split("\\s+");
    String fqdn = node;
    if (!names[0].isEmpty()) {
      fqdn = names[0];
      for (String name : names) {
        if (name.contains(".")) {
          fqdn = name;
          break;
        }
      }
    }
    facts.put("fqdn", fqdn);
    facts.put("domain", fqdn.contains(".") ? fqdn.substring(fqdn.indexOf('.') + 1) : "");
    String bits = p.get("bits");
    put("userspace_bits", bits);
    boolean x86 = machine.equals("x86_64");
    boolean i86 = machine.matches("i[3-6]86");
    facts.put("architecture", i86 ? "i386" : machine);
    if ((x86 || i86) && bits != null) {
      put("userspace_architecture", "64".equals(bits) ? "x86_64" : "32".equals(bits) ? "i386" : null);
    }
  }

  private void distribution() {
    Map<String, String> os = new LinkedHashMap<>();
    Output.pairs(out.lines("os-release"), '=').forEach((k, v) -> os.put(k, unquote(v)));
    if (os.isEmpty()) {
      return;
    }
    String id = os.getOrDefault("ID", "");
    String name = DISTRIBUTIONS.getOrDefault(id, id.isEmpty() ? "OtherLinux" : id.substring(0, 1).toUpperCase() + id.substring(1).toLowerCase());
    String version = os.getOrDefault("VERSION_ID", "");
    String release = os.getOrDefault("VERSION_CODENAME", os.get("UBUNTU_CODENAME"));
    String minor = null;
    if (name.equals("Debian")) {
      // os-release says "12"; Ansible takes the point release from /etc/debian_version
      Matcher point = Pattern.compile("(\\d+)\\.(\\d+)").matcher(out.sections().getOrDefault("debian_version", "").strip());
      if (point.matches()) {
        version = point.group();
        minor = point.group(2);
      }
      Matcher pretty = Pattern.compile("[^(]+ \\(?([^)]+?)\\)").matcher(os.getOrDefault("PRETTY_NAME", ""));
      if (pretty.lookingAt()) {
        release = pretty.group(1);
      }
    }
    version = version.isEmpty() ? "NA" : version;
    facts.put("distribution", name);
    facts.put("distribution_version", version);
    facts.put("distribution_release", release == null || release.isEmpty() ? "NA" : release);
    facts.put("distribution_major_version", version.split("\\.")[0]);
    put("distribution_minor_version", minor);
    facts.put("os_family", FAMILIES.getOrDefault(name, name));
  }

  private static String unquote(String value) {
    String v = value.strip();
    if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
      v = v.substring(1, v.length() - 1);
    }
    return v.replaceAll("\\\\(.)", "$1");
  }

  private void dateTime() {
    Map<String, String> d = out.pairs("date");
    String[] now = d.getOrDefault("now", "").split(" ");
    if (now.length < 13 || !now[7].matches("\\d+")) {
      return;
    }
    // a date without %N (busybox) prints no nanoseconds
    String micro = now[6].matches("\\d+") ? (now[6] + "000000").substring(0, 6) : "000000";
    Instant instant = Instant.ofEpochSecond(Long.parseLong(now[7]), Long.parseLong(micro) * 1000);
    var t = new LinkedHashMap<String, Object>();
    t.put("year", now[0]);
    t.put("month", now[1]);
    t.put("weekday", now[11]);
    t.put("weekday_number", now[9]);
    t.put("weeknumber", now[10]);
    t.put("day", now[2]);
    t.put("hour", now[3]);
    t.put("minute", now[4]);
    t.put("second", now[5]);
    t.put("epoch", now[7]);
    t.put("epoch_int", now[7]);
    t.put("date", now[0] + "-" + now[1] + "-" + now[2]);
    t.put("time", now[3] + ":" + now[4] + ":" + now[5]);
    t.put("iso8601_micro", DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC).format(instant));
    t.put("iso8601", DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC).format(instant));
    t.put("iso8601_basic", now[0] + now[1] + now[2] + "T" + now[3] + now[4] + now[5] + micro);
    t.put("iso8601_basic_short", now[0] + now[1] + now[2] + "T" + now[3] + now[4] + now[5]);
    t.put("tz", now[12]);
    t.put("tz_dst", daylightName(d.get("january"), d.get("july"), now[12]));
    t.put("tz_offset", now[8]);
    facts.put("date_time", t);
  }

  /** C's tzname[1]: of winter and summer, the name with the larger offset; the zone's name without DST. */
  private static String daylightName(String january, String july, String fallback) {
    if (january == null || july == null) {
      return fallback;
    }
    String[] jan = january.split(" ");
    String[] jul = july.split(" ");
    if (jan.length < 2 || jul.length < 2 || !jan[0].matches("[+-]\\d+") || !jul[0].matches("[+-]\\d+")) {
      return fallback;
    }
    return Integer.parseInt(jul[0]) >= Integer.parseInt(jan[0]) ? jul[1] : jan[1];
  }

  private void user() {
    Map<String, String> u = out.pairs("user");
    put("user_id", u.get("name"));
    String[] pw = u.getOrDefault("passwd", "").split(":", -1);
    if (pw.length == 7) {
      facts.put("user_uid", integer(pw[2]));
      facts.put("user_gid", integer(pw[3]));
      facts.put("user_gecos", pw[4]);
      facts.put("user_dir", pw[5]);
      facts.put("user_shell", pw[6]);
    }
    // /proc/self/status: "Uid:" then the real, effective, saved and filesystem ids
    Map<String, String> ids = Output.pairs(out.lines("user"), ':');
    String[] uid = ids.getOrDefault("Uid", "").strip().split("\\s+");
    String[] gid = ids.getOrDefault("Gid", "").strip().split("\\s+");
    if (uid.length >= 2 && gid.length >= 2) {
      put("real_user_id", integer(uid[0]));
      put("effective_user_id", integer(uid[1]));
      put("real_group_id", integer(gid[0]));
      put("effective_group_id", integer(gid[1]));
    }
  }

  private void python() {
    Map<String, String> p = out.pairs("python");
    String[] v = p.getOrDefault("version", "").split(" ");
    if (v.length != 5) {
      return;
    }
    var version = new LinkedHashMap<String, Object>();
    version.put("major", integer(v[0]));
    version.put("minor", integer(v[1]));
    version.put("micro", integer(v[2]));
    version.put("releaselevel", v[3]);
    version.put("serial", integer(v[4]));
    var python = new LinkedHashMap<String, Object>();
    python.put("executable", p.get("executable"));
    python.put("type", p.get("type"));
    python.put("version", version);
    python.put("version_info", List.of(version.get("major"), version.get("minor"), version.get("micro"), v[3], version.get("serial")));
    facts.put("python", python);
    facts.put("python_version", v[0] + "." + v[1] + "." + v[2]);
  }

  private void pkgMgr() {
    facts.put("pkg_mgr", PackageManagers.of(out.lines("pkg_mgr"), (String) facts.get("os_family"),
        (String) facts.get("distribution"), (String) facts.get("distribution_major_version")));
  }

  /**
   * Ansible's service_mgr, but PID 1 counts only when it is a service manager: Ansible names
   * whatever runs as PID 1 (a container's dumb-init or sleep), which no service module can use;
   * runbook then looks at the host as Ansible does when PID 1 is plain init.
   */
  private void serviceMgr() {
    Map<String, String> s = out.pairs("service_mgr");
    String init = s.getOrDefault("init", "");
    String comm = s.getOrDefault("comm", "").strip();
    String pid1 = comm.isEmpty() ? init.substring(init.lastIndexOf('/') + 1) : comm;
    String name;
    if (INITS.containsKey(pid1)) {
      name = INITS.get(pid1);
    } else if (!"Linux".equals(facts.get("system"))) {
      name = "service";
    } else if (s.containsKey("systemctl") && s.containsKey("canary")) {
      name = "systemd";
    } else if (s.containsKey("upstart")) {
      name = "upstart";
    } else if (s.containsKey("openrc")) {
      name = "openrc";
    } else if (s.containsKey("systemctl") && init.substring(init.lastIndexOf('/') + 1).equals("systemd")) {
      name = "systemd";
    } else if (s.containsKey("initd")) {
      name = "sysvinit";
    } else {
      name = "service";
    }
    facts.put("service_mgr", name);
  }

  private void hardware() {
    memory();
    cpu();
    mounts();
    long limit = Long.MAX_VALUE;
    for (String line : out.lines("cgroup")) {
      if (line.strip().matches("\\d+")) {
        limit = Math.min(limit, Long.parseLong(line.strip()));
      }
    }
    if (limit < NO_LIMIT) {
      facts.put("memory_limit_mb", limit / 1024 / 1024);
    }
  }

  private void memory() {
    Map<String, Integer> mb = new LinkedHashMap<>();
    Output.pairs(out.lines("meminfo"), ':').forEach((key, value) -> {
      String kb = value.strip().split(" ")[0];
      if (kb.matches("\\d+")) {
        mb.put(key, (int) (Long.parseLong(kb) / 1024));
      }
    });
    for (String key : List.of("MemTotal", "SwapTotal", "MemFree", "SwapFree")) {
      put(key.toLowerCase() + "_mb", mb.get(key));
    }
    Integer total = mb.get("MemTotal");
    Integer free = mb.get("MemFree");
    Integer swapTotal = mb.get("SwapTotal");
    Integer swapFree = mb.get("SwapFree");
    Integer nocacheFree = free == null || mb.get("Cached") == null || mb.get("Buffers") == null
        ? null : mb.get("Cached") + free + mb.get("Buffers");
    if (total == null) {
      return;
    }
    var real = new LinkedHashMap<String, Object>();
    real.put("total", total);
    real.put("used", free == null ? null : total - free);
    real.put("free", free);
    var nocache = new LinkedHashMap<String, Object>();
    nocache.put("free", nocacheFree);
    nocache.put("used", nocacheFree == null ? null : total - nocacheFree);
    var swap = new LinkedHashMap<String, Object>();
    swap.put("total", swapTotal);
    swap.put("free", swapFree);
    swap.put("used", swapTotal == null || swapFree == null ? null : swapTotal - swapFree);
    swap.put("cached", mb.get("SwapCached"));
    var memory = new LinkedHashMap<String, Object>();
    memory.put("nocache", nocache);
    memory.put("real", real);
    memory.put("swap", swap);
    facts.put("memory_mb", memory);
  }

  /** Ansible's reading of /proc/cpuinfo: sockets from physical id, cores from cpu cores, threads from siblings. */
  private void cpu() {
    List<String> lines = out.lines("cpuinfo");
    if (lines.isEmpty()) {
      return;
    }
    List<String> processor = new ArrayList<>();
    Map<String, Integer> sockets = new LinkedHashMap<>();
    Map<String, Integer> cores = new LinkedHashMap<>();
    String physid = "0";
    String coreid = "0";
    int vendors = 0;
    int models = 0;
    int processors = 0;
    int count = 0;
    boolean xen = out.pairs("cpu").containsKey("xen");
    boolean paravirt = false;
    for (String line : lines) {
      int colon = line.indexOf(':');
      String key = (colon < 0 ? line : line.substring(0, colon)).strip();
      String val = colon < 0 ? "" : line.substring(colon + 1).strip();
      if (xen && key.equals("flags") && !List.of(val.split(" ")).contains("vme")) {
        paravirt = true;
      }
      switch (key) {
        case "model name", "Processor", "vendor_id", "cpu", "Vendor", "processor" -> {
          processor.add(val);
          vendors += key.equals("vendor_id") ? 1 : 0;
          models += key.equals("model name") ? 1 : 0;
          processors += key.equals("processor") ? 1 : 0;
          count++;
        }
        case "physical id" -> {
          physid = val;
          sockets.putIfAbsent(physid, 1);
        }
        case "core id" -> {
          coreid = val;
          cores.putIfAbsent(coreid, 1);
        }
        case "cpu cores" -> sockets.put(physid, Objects.requireNonNullElse(integer(val), 0));
        case "siblings" -> cores.put(coreid, Objects.requireNonNullElse(integer(val), 1));
        default -> { }
      }
    }
    if (vendors > 0 && vendors == models) {
      count = vendors;
    }
    String arch = String.valueOf(facts.get("architecture"));
    if (arch.startsWith("armv") || arch.startsWith("aarch") || arch.startsWith("ppc")) {
      count = processors;
    }
    facts.put("processor", processor);
    if (paravirt) {
      facts.put("processor_count", count);
      facts.put("processor_cores", count);
      facts.put("processor_threads_per_core", 1);
      facts.put("processor_vcpus", count);
    } else {
      int perSocket = sockets.isEmpty() || sockets.values().iterator().next() == 0 ? 1 : sockets.values().iterator().next();
      int socketCount = sockets.isEmpty() ? count : sockets.size();
      int threads = (cores.isEmpty() ? 1 : cores.values().iterator().next()) / perSocket;
      facts.put("processor_count", socketCount);
      facts.put("processor_cores", perSocket);
      facts.put("processor_threads_per_core", threads);
      facts.put("processor_vcpus", threads * socketCount * perSocket);
    }
    String nproc = out.pairs("cpu").get("nproc");
    put("processor_nproc", integer(nproc));
  }

  private void mounts() {
    List<Object> mounts = new ArrayList<>();
    for (String line : out.lines("mounts")) {
      String[] f = line.strip().split(" ");
      if (f.length < 4) {
        continue;
      }
      var m = new LinkedHashMap<String, Object>();
      m.put("mount", unescape(f[1]));
      m.put("device", unescape(f[0]));
      m.put("fstype", unescape(f[2]));
      m.put("options", unescape(f[3]));
      if (f.length == 10 && List.of(f).subList(4, 10).stream().allMatch(n -> n.matches("\\d+"))) {
        long frsize = Long.parseLong(f[4]);
        long blocks = Long.parseLong(f[6]);
        long available = Long.parseLong(f[7]);
        long inodes = Long.parseLong(f[8]);
        long freeInodes = Long.parseLong(f[9]);
        m.put("size_total", frsize * blocks);
        m.put("size_available", frsize * available);
        m.put("block_size", Long.parseLong(f[5]));
        m.put("block_total", blocks);
        m.put("block_available", available);
        m.put("block_used", blocks - available);
        m.put("inode_total", inodes);
        m.put("inode_available", freeInodes);
        m.put("inode_used", inodes - freeInodes);
      }
      mounts.add(m);
    }
    if (!out.lines("mounts").isEmpty() || out.sections().containsKey("mounts")) {
      facts.put("mounts", mounts);
    }
  }

  /** /proc/mounts writes space, tab, newline and backslash as octal escapes. */
  static String unescape(String field) {
    return OCTAL.matcher(field).replaceAll(m -> Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 8))));
  }

  /** Ansible's default_ipv4: the route to 8.8.8.8, completed from the address it leaves from. */
  private void network() {
    List<String> all = new ArrayList<>();
    Map<String, Object> def = new LinkedHashMap<>();
    List<String> route = out.lines("route");
    if (!route.isEmpty()) {
      String[] w = route.get(0).strip().split("\\s+");
      if (w[0].equals("8.8.8.8")) {
        for (int i = 0; i < w.length - 1; i++) {
          switch (w[i]) {
            case "dev" -> def.put("interface", w[i + 1]);
            case "src" -> def.put("address", w[i + 1]);
            case "via" -> def.put("gateway", w[i + 1]);
            default -> { }
          }
        }
      }
    }
    for (String line : out.lines("addresses")) {
      String[] w = line.strip().split("\\s+");
      int inet = List.of(w).indexOf("inet");
      if (inet < 0 || inet + 1 >= w.length) {
        continue;
      }
      String[] cidr = w[inet + 1].split("/");
      String address = cidr[0];
      if (!address.matches("\\d+(\\.\\d+){3}")) {
        continue;
      }
      int prefix = cidr.length > 1 && cidr[1].matches("\\d+") ? Integer.parseInt(cidr[1]) : 32;
      String label = w[1].replaceAll(":$", "");
      for (String word : w) {
        if (word.endsWith("\\")) {
          label = word.substring(0, word.length() - 1);
          break;
        }
      }
      if (address.equals(def.get("address")) && !def.containsKey("netmask")) {
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        def.put("broadcast", inet + 3 < w.length && w[inet + 2].equals("brd") ? w[inet + 3] : "");
        def.put("netmask", dotted(mask));
        def.put("network", dotted(ipv4(address) & mask));
        def.put("prefix", String.valueOf(prefix));
        def.put("alias", label);
        link(def);
      }
      if (!address.startsWith("127.")) {
        all.add(address);
      }
    }
    facts.put("default_ipv4", def);
    facts.put("all_ipv4_addresses", all);
  }

  /** macaddress, mtu and type of the default interface, from {@code ip -o link}. */
  private void link(Map<String, Object> def) {
    List<String> link = out.lines("link");
    if (link.isEmpty()) {
      return;
    }
    String[] w = link.get(0).split("[\\s\\\\]+");
    for (int i = 0; i < w.length - 1; i++) {
      if (w[i].equals("mtu")) {
        def.put("mtu", integer(w[i + 1]));
      } else if (w[i].startsWith("link/")) {
        String type = w[i].substring("link/".length());
        if (w[i + 1].matches("[0-9a-f]{2}(:[0-9a-f]{2}){5}") && !w[i + 1].equals("00:00:00:00:00:00")) {
          def.put("macaddress", w[i + 1]);
        }
        def.put("type", LINK_TYPES.getOrDefault(type, "unknown"));
      }
    }
  }

  private static long ipv4(String address) {
    long value = 0;
    for (String part : address.split("\\.")) {
      value = value << 8 | Integer.parseInt(part);
    }
    return value;
  }

  private static String dotted(long value) {
    return (value >> 24 & 255) + "." + (value >> 16 & 255) + "." + (value >> 8 & 255) + "." + (value & 255);
  }

  private static Integer integer(String text) {
    return text != null && text.strip().matches("-?\\d{1,9}") ? Integer.valueOf(text.strip()) : null;
  }
}
