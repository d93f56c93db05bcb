package dev.align4j.core.method;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.util.UserError;
import dev.align4j.losses.Suggestions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Every method of every modality on the class path, by name. */
public final class MethodRegistry {
  private final Map<String, MethodSpec> byName;

  /** A registry of the given methods; names must be unique. */
  public MethodRegistry(List<MethodSpec> methods) {
    Map<String, MethodSpec> map = new LinkedHashMap<>();
    for (MethodSpec m : methods) {
      MethodSpec before = map.putIfAbsent(m.name(), m);
      if (before != null) {
        throw new IllegalStateException("method '" + m.name() + "' is registered twice (" + before.modality()
            + ", " + m.modality() + ")");
      }
    }
    this.byName = map;
  }

  /** The methods of every {@link MethodProvider} that {@link ServiceLoader} finds. */
  public static MethodRegistry load() {
    List<MethodSpec> all = new ArrayList<>();
    for (MethodProvider p : ServiceLoader.load(MethodProvider.class, MethodRegistry.class.getClassLoader())) {
      all.addAll(p.methods());
    }
    return new MethodRegistry(all);
  }

  /** Every method, in registration order. */
  public List<MethodSpec> all() {
    return List.copyOf(byName.values());
  }

  /** The methods of each modality, modalities sorted by name, methods in registration order. */
  public Map<String, List<MethodSpec>> byModality() {
    Map<String, List<MethodSpec>> out = new TreeMap<>();
    for (MethodSpec m : byName.values()) out.computeIfAbsent(m.modality(), k -> new ArrayList<>()).add(m);
    return out;
  }

  /** A method by name; an unknown name is a user's mistake, reported with the nearest names. */
  public MethodSpec get(String name) {
    MethodSpec m = byName.get(name);
    if (m == null) {
      throw new UserError("unknown method '" + name + "'" + Suggestions.didYouMean(name, byName.keySet())
          + " (see 'align4j methods list')");
    }
    return m;
  }

  /**
   * The method a run of {@code modality} uses: the one whose own section the config gives, or else the one
   * named after the loss ({@code loss_type: spo} is SPO with its defaults). A method section used with a loss
   * the method does not train with, or two method sections, are a user's mistake.
   *
   * @param sections the names of the config's top-level sections that are present
   * @return the method, or null when the loss is no method of the modality (the run decides what that means)
   */
  public MethodSpec choose(String modality, String loss, java.util.Collection<String> sections, String source) {
    List<MethodSpec> given = byModality().getOrDefault(modality, List.of()).stream()
        .filter(m -> m.ownSection() && sections.contains(m.section())).toList();
    if (given.size() > 1) {
      throw new UserError(source + ": give one method section, not " + String.join(" and ",
          given.stream().map(MethodSpec::section).toList()));
    }
    if (given.size() == 1) {
      MethodSpec m = given.get(0);
      if (!m.losses().contains(loss)) {
        throw new UserError(source + ": the " + m.section() + " section is for " + m.name() + ", which trains with "
            + "loss_type " + String.join(" or ", m.losses()) + ", not " + loss);
      }
      return m;
    }
    MethodSpec named = byName.get(loss);
    return named != null && named.modality().equals(modality) ? named : null;
  }

  /**
   * Checks the method sections of a config tree for {@code modality}: every key of a method's own section must
   * be one of its keys. An unknown key is reported with the nearest valid key, and, where it is another method's
   * key, with that method's name ("'d3po.threshold' is a key of spo").
   */
  public void checkSections(ObjectNode root, String modality, String source) {
    List<MethodSpec> own = byModality().getOrDefault(modality, List.of()).stream()
        .filter(MethodSpec::ownSection).toList();
    for (MethodSpec m : own) {
      JsonNode section = root.get(m.section());
      if (section == null || section.isNull() || !section.isObject()) continue;
      for (Iterator<String> it = section.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (m.defaults().containsKey(key)) continue;
        String owners = String.join(", ", own.stream().filter(o -> o.defaults().containsKey(key))
            .map(MethodSpec::name).toList());
        String near = Suggestions.didYouMean(key, m.defaults().keySet());
        throw new UserError(source + ": unknown config key '" + m.section() + "." + key + "'"
            + (owners.isEmpty() ? "" : " (a key of " + owners + ", not of " + m.name() + ")")
            + (near.isEmpty() ? "; " + m.name() + " takes " + String.join(", ", m.defaults().keySet()) : near));
      }
    }
  }
}
