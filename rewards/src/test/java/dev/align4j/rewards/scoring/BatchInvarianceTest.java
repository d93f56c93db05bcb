package dev.align4j.rewards.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.align4j.core.media.Image;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.RewardRegistry;
import dev.align4j.rewards.Rewards;
import dev.align4j.rewards.fixtures.ModelDirs;
import dev.align4j.rewards.fixtures.TestImages;
import dev.align4j.rewards.onnx.SessionConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A score does not depend on what else shares its batch: many (prompt, image) items with different prompts in one
 * {@code scoreBatch} give bit for bit the scores of each pair scored alone, for every image model in models/. The
 * scoring service's micro-batches and the Spark jobs' partitions rely on it (ONNX Runtime's text towers round
 * differently by batch size, and DJL pads a batch of prompts to its longest).
 */
class BatchInvarianceTest {
  @Test
  void batchedScoresEqualScoresAlone() {
    List<String> prompts = List.of("a red square", "a big blue circle left of a small green triangle", "a dog",
        "a large purple square to the right of a large blue circle", "a cat");
    List<Image> images = TestImages.make(prompts.size() * 2, 3);
    RewardRegistry registry = Rewards.registry(ModelDirs.MODELS, SessionConfig.cpu().withBatchSize(4));
    for (String name : registry.names()) {
      try (RewardModel model = registry.open(name)) {
        if (!model.kinds().contains(dev.align4j.core.media.ContentPart.Kind.IMAGE)) continue;
        List<String> accepted = prompts.stream().map(p -> accepted(model, p)).toList();
        List<String> batchPrompts = new ArrayList<>();
        for (String p : accepted) batchPrompts.addAll(List.of(p, p));
        float[] batched = model.scoreBatch(batchPrompts, images);
        for (int i = 0; i < prompts.size(); i++) {
          float[] alone = model.score(accepted.get(i), images.subList(2 * i, 2 * i + 2));
          assertEquals(Float.floatToIntBits(alone[0]), Float.floatToIntBits(batched[2 * i]), name + " row " + i);
          assertEquals(Float.floatToIntBits(alone[1]), Float.floatToIntBits(batched[2 * i + 1]), name + " row " + i);
        }
      }
    }
  }

  /** The prompt, or for a model that refuses it (the OCR reward wants quoted text) the prompt in quotes. */
  static String accepted(RewardModel model, String prompt) {
    try {
      model.checkPrompt(prompt);
      return prompt;
    } catch (dev.align4j.core.util.UserError e) {
      return "\"" + prompt + "\"";
    }
  }
}
