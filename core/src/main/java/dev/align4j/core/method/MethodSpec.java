package dev.align4j.core.method;

import com.fasterxml.jackson.core.type.TypeReference;
import com.google.common.base.Preconditions;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.losses.LossSpec;
import dev.align4j.losses.ParamSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named preference-tuning method as a user picks it.
 *
 * @param name registry name, unique over every modality (the loss name for methods that are a loss)
 * @param modality the modality that runs it ({@code train <modality>})
 * @param summary one line on what it does
 * @param paper the paper it comes from (short citation)
 * @param section the config section that holds its settings: its own name for methods with their own section,
 *     {@code loss} for methods that are a loss
 * @param defaults the section's keys and default values, in listing order
 * @param losses the {@code loss_type}s it trains with
 */
public record MethodSpec(String name, String modality, String summary, String paper, String section,
    Map<String, Object> defaults, List<String> losses) {

  public MethodSpec {
    Preconditions.checkArgument(name != null && !name.isBlank(), "a method needs a name");
    Preconditions.checkArgument(modality != null && !modality.isBlank(), "method %s needs a modality", name);
    Preconditions.checkNotNull(section, "section");
    defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
    losses = List.copyOf(losses);
  }

  /** Whether the method has a section of its own (named after it), rather than only a {@code loss:} section. */
  public boolean ownSection() {
    return section.equals(name);
  }

  /** A method that is a loss: its section is {@code loss:}, its defaults are the loss's parameters. */
  public static MethodSpec ofLoss(LossSpec loss, String modality) {
    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.put("loss_type", loss.name());
    for (ParamSpec p : loss.params()) defaults.put(p.name(), p.defaultValue());
    return new MethodSpec(loss.name(), modality, loss.summary(), loss.source(), "loss", defaults,
        List.of(loss.name()));
  }

  /**
   * The defaults of a config record: the record bound from an empty section, as YAML would write it. Stating
   * the defaults once, in the record's constructor, keeps the listing and the binding the same.
   */
  public static Map<String, Object> defaultsOf(Class<?> configRecord) {
    Object bound = ConfigLoader.bind(null, configRecord, "defaults", "");
    return ConfigLoader.YAML.convertValue(bound, new TypeReference<LinkedHashMap<String, Object>>() {});
  }
}
