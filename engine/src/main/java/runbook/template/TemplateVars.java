package runbook.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The variables Ansible's template module defines while it renders a file, with its values' forms. */
public final class TemplateVars {
  public static final Set<String> NAMES =
      Set.of("template_path", "template_fullpath", "template_host", "template_uid", "template_destpath", "template_run_date");
  /** Python's str() of a datetime: microseconds, no zone. */
  private static final DateTimeFormatter RUN_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  private TemplateVars() {}

  /**
   * @param src the template as the task names it
   * @param found where it was found on the controller
   * @param dest the file it renders to on the host
   */
  public static Map<String, Object> of(String src, Path found, String dest) {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("template_path", src);
    vars.put("template_fullpath", found.toAbsolutePath().normalize().toString());
    vars.put("template_host", controllerName());
    vars.put("template_uid", owner(found));
    vars.put("template_destpath", dest);
    vars.put("template_run_date", LocalDateTime.now().format(RUN_DATE));
    return vars;
  }

  /** The controller's node name, as Python's os.uname() gives it. */
  private static String controllerName() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    } catch (IOException e) {
      return String.valueOf(System.getenv("HOSTNAME"));
    }
  }

  private static String owner(Path file) {
    try {
      return Files.getOwner(file).getName();
    } catch (IOException e) {
      return "";
    }
  }
}
