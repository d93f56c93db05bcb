package dev.align4j.image.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.align4j.core.config.ReferenceConfig;
import dev.align4j.core.config.RunConfig;
import dev.align4j.core.config.TrainableConfig;
import dev.align4j.core.config.TrainerConfig;
import dev.align4j.core.data.DataConfig;
import java.util.Map;

/**
 * An image run's whole configuration, resolved: the sections every modality shares ({@code data},
 * {@code loss}, {@code trainable}, {@code reference}, {@code trainer}; bound by the launcher) plus the image
 * sections ({@link Sections}: the model, on-policy pair construction ({@code pairs}, instead of {@code data}),
 * online methods' prompts ({@code online}: SPO, D3PO) and sampling ({@code samples})).
 */
public record ImageRunConfig(
    @JsonProperty("modality") String modality,
    @JsonProperty("model") ImageModelConfig model,
    @JsonProperty("data") DataConfig data,
    @JsonProperty("pairs") PairsConfig pairs,
    @JsonProperty("online") OnlineConfig online,
    @JsonProperty("samples") SamplesConfig samples,
    @JsonProperty("loss") Map<String, Object> loss,
    @JsonProperty("trainable") TrainableConfig trainable,
    @JsonProperty("reference") ReferenceConfig reference,
    @JsonProperty("trainer") TrainerConfig trainer) {

  /** The default {@code loss:} section. */
  static final Map<String, Object> DEFAULT_LOSS = Map.of("loss_type", "diffusion_dpo");

  public ImageRunConfig {
    modality = modality == null ? "image" : modality;
    model = model == null ? ImageModelConfig.of(null) : model;
    samples = samples == null ? SamplesConfig.defaults() : samples;
    loss = loss == null ? DEFAULT_LOSS : loss;
    trainable = trainable == null ? TrainableConfig.defaults() : trainable;
    reference = reference == null ? ReferenceConfig.defaults() : reference;
    trainer = trainer == null ? TrainerConfig.defaults() : trainer;
  }

  /**
   * The sections the image modality binds itself.
   */
  public record Sections(
      @JsonProperty("model") ImageModelConfig model,
      @JsonProperty("pairs") PairsConfig pairs,
      @JsonProperty("online") OnlineConfig online,
      @JsonProperty("samples") SamplesConfig samples) {
    public Sections {
      model = model == null ? ImageModelConfig.of(null) : model;
      samples = samples == null ? SamplesConfig.defaults() : samples;
    }
  }

  /** The shared sections and the image sections together. */
  static ImageRunConfig of(RunConfig shared, Sections own) {
    return new ImageRunConfig(shared.modality(), own.model(), shared.data(), own.pairs(), own.online(),
        own.samples(), shared.loss(), shared.trainable(), shared.reference(), shared.trainer());
  }
}
