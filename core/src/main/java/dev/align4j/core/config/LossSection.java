package dev.align4j.core.config;

import dev.align4j.core.util.UserError;
import dev.align4j.losses.InvalidLossException;
import dev.align4j.losses.LossRegistry;
import dev.align4j.losses.PreferenceLoss;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the loss from a config's {@code loss:} section (TRL's names). */
public final class LossSection {
  private LossSection() {}

  public static PreferenceLoss build(Map<String, Object> section, String source) {
    Map<String, Object> params = new LinkedHashMap<>(section);
    Object type = params.remove("loss_type");
    Object weights = params.remove("loss_weights");
    List<String> types = new ArrayList<>();
    if (type == null) types.add("sigmoid");
    else if (type instanceof List<?> l) l.forEach(t -> types.add(String.valueOf(t)));
    else types.add(type.toString());
    List<Double> w = new ArrayList<>();
    if (weights instanceof List<?> l) {
      for (Object o : l) {
        try {
          w.add(Double.parseDouble(String.valueOf(o)));
        } catch (NumberFormatException e) {
          throw new UserError(source + ": loss.loss_weights: '" + o + "' is not a number");
        }
      }
    } else if (weights != null) {
      throw new UserError(source + ": loss.loss_weights must be a list of numbers");
    }
    try {
      return LossRegistry.create(types, w, params);
    } catch (InvalidLossException e) {
      throw new UserError(source + ": loss: " + e.getMessage());
    }
  }
}
