package dev.align4j.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.data.DataConfig;
import java.util.Map;

/**
 * A training run's whole configuration. {@code model} belongs to the modality, which binds it to its own
 * record; {@code loss} holds TRL's {@code loss_type}, {@code loss_weights} and the loss parameters.
 */
public record RunConfig(
    @JsonProperty("modality") String modality,
    @JsonProperty("model") JsonNode model,
    @JsonProperty("data") DataConfig data,
    @JsonProperty("loss") Map<String, Object> loss,
    @JsonProperty("trainable") TrainableConfig trainable,
    @JsonProperty("reference") ReferenceConfig reference,
    @JsonProperty("trainer") TrainerConfig trainer) {

  public RunConfig {
    trainable = trainable == null ? TrainableConfig.defaults() : trainable;
    reference = reference == null ? ReferenceConfig.defaults() : reference;
    trainer = trainer == null ? TrainerConfig.defaults() : trainer;
    loss = loss == null ? Map.of("loss_type", "sigmoid") : loss;
  }
}
