package runbook.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Ansible's filters of lists and dictionaries: flatten, the set filters, zip, subelements, random... */
final class ListFilters {
  private ListFilters() {}

  static void into(Map<String, Filters.Body> ours) {
    ours.put("flatten", ListFilters::flatten);
    ours.put("union", (v, a) -> unique(concat(seq(v, "union"), seq(a.get(0, "b", null), "union")), true));
    ours.put("intersect", (v, a) -> keep(v, a, "intersect", true));
    ours.put("difference", (v, a) -> keep(v, a, "difference", false));
    ours.put("symmetric_difference", ListFilters::symmetricDifference);
    ours.put("zip", (v, a) -> zip(v, a, false));
    ours.put("zip_longest", (v, a) -> zip(v, a, true));
    ours.put("product", ListFilters::product);
    ours.put("permutations", (v, a) -> arrangements(seq(v, "permutations"), a.get(0, "r", null), true));
    ours.put("combinations", (v, a) -> arrangements(seq(v, "combinations"), a.get(0, "r", null), false));
    ours.put("subelements", ListFilters::subelements);
    ours.put("extract", ListFilters::extract);
    ours.put("rekey_on_member", ListFilters::rekeyOnMember);
    ours.put("random", ListFilters::random);
    ours.put("shuffle", ListFilters::shuffle);
    ours.put("items", (v, a) -> Filters.mapping(v, "items").entrySet().stream().map(e -> (Object) pair(e.getKey(), e.getValue())).toList());
  }

  /** A sequence in Python's sense (a list's items, a string's characters, a dict's keys). */
  private static List<Object> seq(Object value, String filter) {
    return Filters.list(value, filter);
  }

  private static List<Object> concat(List<Object> a, List<Object> b) {
    List<Object> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** A Python tuple of two, as a mutable list (Jinjava unpacks lists in for loops). */
  static List<Object> pair(Object a, Object b) {
    List<Object> pair = new ArrayList<>();
    pair.add(a);
    pair.add(b);
    return pair;
  }

  /** Jinja's unique: first occurrences in order; strings compared without case unless asked. */
  static List<Object> unique(List<Object> items, boolean caseSensitive) {
    Map<Object, Object> seen = new LinkedHashMap<>();
    for (Object item : items) {
      Object key = pyKey(item);
      seen.putIfAbsent(!caseSensitive && key instanceof String s ? s.toLowerCase(java.util.Locale.ROOT) : key, item);
    }
    return new ArrayList<>(seen.values());
  }

  private static boolean contains(List<Object> items, Object value) {
    Object key = pyKey(value);
    return items.stream().anyMatch(item -> pyKey(item).equals(key));
  }

  /** Python's equality for set members: True is 1 and False is 0, as 1.0 is 1. */
  private static Object pyKey(Object value) {
    return value instanceof Boolean b ? (Object) (b ? 1L : 0L) : Numbers.key(value);
  }

  /** intersect and difference of lists, as Ansible: the first list's order, each item once. */
  private static Object keep(Object value, Args args, String filter, boolean inOther) {
    List<Object> other = seq(args.get(0, "b", null), filter);
    List<Object> kept = new ArrayList<>();
    for (Object item : seq(value, filter)) {
      if (contains(other, item) == inOther) {
        kept.add(item);
      }
    }
    return unique(kept, true);
  }

  private static Object symmetricDifference(Object value, Args args) {
    List<Object> a = seq(value, "symmetric_difference");
    List<Object> b = seq(args.get(0, "b", null), "symmetric_difference");
    List<Object> both = new ArrayList<>();
    a.stream().filter(item -> contains(b, item)).forEach(both::add);
    return unique(concat(a, b), true).stream().filter(item -> !contains(both, item)).toList();
  }

  private static Object flatten(Object value, Args args) {
    Object levels = args.get(0, "levels", null);
    return flatten(seq(value, "flatten"), levels == null ? -1 : Filters.integer(levels), Python.truthy(args.get(1, "skip_nulls", true)));
  }

  private static List<Object> flatten(List<Object> items, int levels, boolean skipNulls) {
    List<Object> flat = new ArrayList<>();
    for (Object item : items) {
      if (skipNulls && (item == null || "None".equals(item) || "null".equals(item))) {
        continue;
      }
      if (item instanceof Collection<?> inner && levels != 0) {
        flat.addAll(flatten(new ArrayList<>(inner), levels - 1, skipNulls));
      } else {
        flat.add(item);
      }
    }
    return flat;
  }

  private static Object zip(Object value, Args args, boolean longest) {
    List<List<Object>> lists = new ArrayList<>();
    lists.add(seq(value, longest ? "zip_longest" : "zip"));
    args.positional().forEach(other -> lists.add(seq(other, longest ? "zip_longest" : "zip")));
    Object fill = args.named().get("fillvalue");
    int size = lists.stream().mapToInt(List::size).reduce(longest ? Math::max : Math::min).orElse(0);
    List<Object> zipped = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      List<Object> tuple = new ArrayList<>();
      for (List<Object> list : lists) {
        tuple.add(i < list.size() ? list.get(i) : fill);
      }
      zipped.add(tuple);
    }
    return zipped;
  }

  private static Object product(Object value, Args args) {
    List<List<Object>> pools = new ArrayList<>();
    pools.add(seq(value, "product"));
    args.positional().forEach(other -> pools.add(seq(other, "product")));
    int repeat = Filters.integer(args.named().getOrDefault("repeat", 1));
    List<List<Object>> all = new ArrayList<>();
    for (int i = 0; i < repeat; i++) {
      all.addAll(pools);
    }
    List<Object> result = new ArrayList<>();
    result.add(List.of());
    for (List<Object> pool : all) {
      List<Object> next = new ArrayList<>();
      for (Object prefix : result) {
        for (Object item : pool) {
          List<Object> tuple = new ArrayList<>((List<?>) prefix);
          tuple.add(item);
          next.add(tuple);
        }
      }
      result = next;
    }
    return result;
  }

  /** itertools' permutations and combinations of r items (all of them when r is not given), in its order. */
  private static Object arrangements(List<Object> pool, Object r, boolean ordered) {
    int size = r == null ? pool.size() : Filters.integer(r);
    List<Object> out = new ArrayList<>();
    arrange(pool, size, ordered, new ArrayList<>(), new boolean[pool.size()], 0, out);
    return out;
  }

  private static void arrange(List<Object> pool, int size, boolean ordered, List<Integer> chosen, boolean[] used, int from, List<Object> out) {
    if (chosen.size() == size) {
      out.add(new ArrayList<>(chosen.stream().map(pool::get).toList()));
      return;
    }
    for (int i = ordered ? 0 : from; i < pool.size(); i++) {
      if (!used[i]) {
        used[i] = true;
        chosen.add(i);
        arrange(pool, size, ordered, chosen, used, i + 1, out);
        chosen.remove(chosen.size() - 1);
        used[i] = false;
      }
    }
  }

  private static Object subelements(Object value, Args args) {
    List<Object> elements;
    if (value instanceof Map<?, ?> map) {
      elements = new ArrayList<>(map.values());
    } else if (value instanceof List<?> list) {
      elements = new ArrayList<>(list);
    } else {
      throw new TemplateError("subelements: obj must be a list of dicts or a nested dict");
    }
    Object path = args.get(0, "subelements", null);
    List<Object> keys = path instanceof List<?> l ? new ArrayList<>(l) : path instanceof CharSequence s ? List.of((Object[]) s.toString().split("\\.")) : null;
    if (keys == null) {
      throw new TemplateError("subelements: subelements must be a list or a string");
    }
    boolean skipMissing = args.flag(1, "skip_missing");
    List<Object> results = new ArrayList<>();
    for (Object element : elements) {
      Object values = element;
      for (Object key : keys) {
        if (!(values instanceof Map<?, ?> map)) {
          throw new TemplateError("subelements: the key " + key + " should point to a dictionary, got '" + Python.str(values) + "'");
        }
        if (!map.containsKey(key)) {
          if (!skipMissing) {
            throw new TemplateError("subelements: could not find '" + key + "' key in iterated item " + Python.str(values));
          }
          values = List.of();
          break;
        }
        values = map.get(key);
      }
      if (!(values instanceof List<?> list)) {
        throw new TemplateError("subelements: the key '" + keys.get(keys.size() - 1) + "' should point to a list, got " + Python.str(values));
      }
      list.forEach(item -> results.add(pair(element, item)));
    }
    return results;
  }

  /** container[item], then each further key in turn; a missing one is undefined, as Jinja's getitem. */
  private static Object extract(Object item, Args args) {
    Object value = args.get(0, "container", null);
    Object more = args.get(1, "morekeys", null);
    List<Object> keys = new ArrayList<>();
    keys.add(item);
    if (more instanceof List<?> list) {
      keys.addAll(list);
    } else if (more != null) {
      keys.add(more);
    }
    for (Object key : keys) {
      value = item(value, key);
      if (value instanceof Undefined) {
        return value;
      }
    }
    return value;
  }

  private static Object item(Object container, Object key) {
    if (container instanceof Map<?, ?> map) {
      Object wanted = Numbers.key(key);
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (Numbers.key(entry.getKey()).equals(wanted)) {
          return entry.getValue();
        }
      }
    } else if (container instanceof List<?> list && key instanceof Number n) {
      int at = n.intValue() < 0 ? list.size() + n.intValue() : n.intValue();
      if (at >= 0 && at < list.size()) {
        return list.get(at);
      }
    }
    return Undefined.because("'" + Numbers.typeName(container) + "' object has no element " + Python.str(key));
  }

  private static Object rekeyOnMember(Object value, Args args) {
    Object key = args.get(0, "key", null);
    String duplicates = args.string(1, "duplicates", "error");
    if (!Set.of("error", "overwrite").contains(duplicates)) {
      throw new TemplateError("duplicates parameter to rekey_on_member has unknown value: " + duplicates);
    }
    Collection<?> items = value instanceof Map<?, ?> map ? map.values() : value instanceof Collection<?> c ? c : null;
    if (items == null) {
      throw new TemplateError("rekey_on_member: type is not a valid list, set, or dict");
    }
    Map<Object, Object> result = new LinkedHashMap<>();
    for (Object item : items) {
      if (!(item instanceof Map<?, ?> map)) {
        throw new TemplateError("rekey_on_member: list item is not a valid dict");
      }
      if (!map.containsKey(key)) {
        throw new TemplateError("rekey_on_member: key " + Python.str(key) + " was not found");
      }
      Object newKey = map.get(key);
      if (Python.truthy(result.get(newKey)) && duplicates.equals("error")) {
        throw new TemplateError("rekey_on_member: key " + Python.str(newKey) + " is not unique, cannot correctly turn into dict");
      }
      result.put(newKey, item);
    }
    return result;
  }

  private static PyRandom source(Object seed) {
    return seed == null ? PyRandom.system() : PyRandom.seeded(seed);
  }

  private static Object random(Object value, Args args) {
    Object start = args.get(0, "start", null);
    Object step = args.get(1, "step", null);
    PyRandom random = source(args.get(2, "seed", null));
    if (value instanceof Number end && !(value instanceof Double)) {
      long from = Python.truthy(start) ? ((Number) start).longValue() : 0;
      long by = Python.truthy(step) ? ((Number) step).longValue() : 1;
      return Numbers.narrow(random.range(from, end.longValue(), by));
    }
    if (value instanceof Collection<?> || value instanceof Map<?, ?> || value instanceof CharSequence) {
      if (Python.truthy(start) || Python.truthy(step)) {
        throw new TemplateError("random: start and step can only be used with integer values");
      }
      List<Object> items = seq(value, "random");
      if (items.isEmpty()) {
        throw new TemplateError("random: cannot choose from an empty sequence");
      }
      return items.get((int) random.below(items.size()));
    }
    throw new TemplateError("random can only be used on sequences and integers");
  }

  private static Object shuffle(Object value, Args args) {
    List<Object> items = seq(value, "shuffle");
    Object seed = args.get(0, "seed", null);
    (Python.truthy(seed) ? PyRandom.seeded(seed) : PyRandom.system()).shuffle(items);
    return items;
  }
}
