package runbook.modules.facts;

import java.util.regex.Pattern;

/** Python's fnmatch on POSIX (case-sensitive): *, ?, [seq] and [!seq]; facts and find match with it. */
public final class Fnmatch {
  private Fnmatch() {}

  public static boolean matches(String name, String pattern) {
    return regex(pattern).matcher(name).matches();
  }

  public static Pattern regex(String pattern) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*') {
        re.append(".*");
      } else if (c == '?') {
        re.append('.');
      } else if (c == '[') {
        int j = i + 1;
        if (j < pattern.length() && pattern.charAt(j) == '!') {
          j++;
        }
        if (j < pattern.length() && pattern.charAt(j) == ']') {
          j++;
        }
        while (j < pattern.length() && pattern.charAt(j) != ']') {
          j++;
        }
        if (j >= pattern.length()) {
          re.append("\\[");
        } else {
          String set = pattern.substring(i + 1, j).replace("\\", "\\\\").replace("[", "\\[").replace("&&", "\\&\\&");
          re.append('[').append(set.startsWith("!") ? "^" + set.substring(1) : set.startsWith("^") ? "\\" + set : set).append(']');
          i = j;
        }
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }
}
