package dev.align4j.core.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.align4j.core.data.DataConfig;
import java.util.List;
import java.util.Map;

/**
 * The config sections every run shares, bound by the one launcher ({@code dev.align4j.core.launch}):
 * {@code modality} (checked against the command), {@code data}, {@code loss} (TRL's {@code loss_type},
 * {@code loss_weights} and the loss parameters; null: the modality's default), {@code trainable},
 * {@code reference} and {@code trainer}. A modality binds its own sections ({@code model:}, ...) itself.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunConfig(
    @JsonProperty("modality") String modality,
    @JsonProperty("data") DataConfig data,
    @JsonProperty("loss") Map<String, Object> loss,
    @JsonProperty("trainable") TrainableConfig trainable,
    @JsonProperty("reference") ReferenceConfig reference,
    @JsonProperty("trainer") TrainerConfig trainer) {

  /** The shared top-level keys. */
  public static final List<String> SECTIONS = List.of("modality", "data", "loss", "trainable", "reference",
      "trainer");

  public RunConfig {
    trainable = trainable == null ? TrainableConfig.defaults() : trainable;
    reference = reference == null ? ReferenceConfig.defaults() : reference;
    trainer = trainer == null ? TrainerConfig.defaults() : trainer;
  }

  /** This config with {@code modality} and, when the config has none, the given loss filled in. */
  public RunConfig resolved(String modalityName, Map<String, Object> defaultLoss) {
    return new RunConfig(modalityName, data, loss != null ? loss : defaultLoss, trainable, reference, trainer);
  }
}
