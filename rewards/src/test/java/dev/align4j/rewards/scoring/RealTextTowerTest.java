package dev.align4j.rewards.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.media.Image;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.RewardRegistry;
import dev.align4j.rewards.fixtures.ModelDirs;
import dev.align4j.rewards.fixtures.NearestPreprocessor;
import dev.align4j.rewards.fixtures.TinyOnnx;
import dev.align4j.rewards.manifest.RewardManifest;
import dev.align4j.rewards.onnx.SessionConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real BERT-family graph (all-MiniLM-L6-v2, bge-small-en-v1.5, e5-small-v2: the int8 ONNX files of
 * {@code models/*-similarity}) as the text tower of a {@code two_tower} manifest, with {@code text.pooling} and
 * {@code token_type_ids} as those graphs need, beside a small image tower built here (mean colour times a 3 x 384
 * matrix). The text side must be exactly the {@code text_embedding} scorer's: one pooling path, not two.
 */
class RealTextTowerTest {
  static final int SIZE = 8;
  static final List<String> PROMPTS = List.of("fresh green grass", "the clear blue sky",
      "A cat is sitting on the mat.", "a photo of a red apple on a wooden table, "
          + "taken in the morning light with a shallow depth of field");

  /** Writes {@code dir/name/} for a two-tower model whose text tower is preset {@code preset}'s graph. */
  static Path towerModel(Path dir, String name, String preset, float[][] colourRows) throws IOException {
    RewardManifest p = RewardRegistry.builder(ModelDirs.MODELS).build().manifest(preset);
    Path model = dir.resolve(name);
    Files.createDirectories(model);
    Files.write(model.resolve("vision_model.onnx"), TinyOnnx.colourTower(colourRows, SIZE).toByteArray());
    ObjectMapper json = new ObjectMapper();
    ObjectNode m = json.createObjectNode();
    m.put("name", name);
    m.put("kind", "two_tower");
    ObjectNode files = m.putObject("files");
    files.put("text_model", p.file(RewardManifest.MODEL).toAbsolutePath().toString());
    files.put("vision_model", "vision_model.onnx");
    files.put("tokenizer", p.file(RewardManifest.TOKENIZER).toAbsolutePath().toString());
    m.putObject("inputs").put("token_type_ids", "token_type_ids");
    m.putObject("outputs").put("last_hidden_state", "last_hidden_state").put("image_embeds", "image_embeds");
    ObjectNode text = m.putObject("text");
    text.put("max_length", p.text().maxLength());
    text.put("pooling", p.text().pooling().id());
    if (!p.text().promptPrefix().isEmpty()) text.put("prompt_prefix", p.text().promptPrefix());
    ObjectNode pre = m.putObject("preprocessing");
    pre.put("size", SIZE);
    pre.putArray("mean").add(0).add(0).add(0);
    pre.putArray("std").add(1).add(1).add(1);
    m.putObject("score").put("formula", "cosine");
    json.writerWithDefaultPrettyPrinter().writeValue(model.resolve("manifest.json").toFile(), m);
    return model;
  }

  static RewardRegistry registry(Path dir) {
    return RewardRegistry.builder(dir).preprocessors(NearestPreprocessor::new)
        .session(SessionConfig.cpu().withBatchSize(2)).build();
  }

  static Image plain(int r, int g, int b) {
    int w = 12;
    int h = 10;
    byte[] rgb = new byte[w * h * 3];
    for (int i = 0; i < w * h; i++) {
      rgb[3 * i] = (byte) r;
      rgb[3 * i + 1] = (byte) g;
      rgb[3 * i + 2] = (byte) b;
    }
    return new Image(w, h, rgb);
  }

  static float[][] colourWords(TextEmbeddingScorer words) {
    return new float[][] {words.embed("red"), words.embed("green"), words.embed("blue")};
  }

  @Test
  void realTextTowersEmbedExactlyAsTheTextEmbeddingScorers(@TempDir Path dir) throws IOException {
    RewardRegistry presets = RewardRegistry.builder(ModelDirs.MODELS).build();
    for (String preset : List.of("minilm-similarity", "bge-similarity", "e5-similarity")) {
      try (TextEmbeddingScorer sentences = (TextEmbeddingScorer) presets.open(preset)) {
        towerModel(dir, preset + "-tower", preset, colourWords(sentences));
        try (TwoTowerScorer tower = (TwoTowerScorer) registry(dir).open(preset + "-tower")) {
          assertEquals(sentences.manifest().text().pooling(), tower.manifest().text().pooling());
          for (String p : PROMPTS) {
            SentenceEncodersTest.assertArraysBitEqual(sentences.embedPrompt(p), tower.embedText(p));
          }
        }
      }
    }
  }

  @Test
  void scoresAreTheCosineOfTheRealTextEmbeddingAndTheImageEmbedding(@TempDir Path dir) throws IOException {
    RewardRegistry presets = RewardRegistry.builder(ModelDirs.MODELS).build();
    List<Image> rgb = List.of(plain(255, 0, 0), plain(0, 255, 0), plain(0, 0, 255));
    for (String preset : List.of("minilm-similarity", "bge-similarity")) {
      try (TextEmbeddingScorer sentences = (TextEmbeddingScorer) presets.open(preset)) {
        float[][] rows = colourWords(sentences);
        towerModel(dir, preset + "-colours", preset, rows);
        try (RewardModel tower = registry(dir).open(preset + "-colours")) {
          for (String p : PROMPTS) {
            float[] s = tower.score(p, rgb);
            float[] t = sentences.embedPrompt(p);
            for (int c = 0; c < 3; c++) assertEquals(Vectors.cosine(t, rows[c]), s[c], 1e-6, preset + " " + p);
          }
          // The image tower only knows colour words; the real text tower carries the meaning to them.
          float[] grass = tower.score("fresh green grass", rgb);
          assertTrue(grass[1] > grass[0] && grass[1] > grass[2], preset + " grass " + java.util.Arrays.toString(grass));
          float[] sky = tower.score("the clear blue sky", rgb);
          assertTrue(sky[2] > sky[0] && sky[2] > sky[1], preset + " sky " + java.util.Arrays.toString(sky));
        }
      }
    }
  }

  /** {@code embedText} on a graph-pooled (CLIP-style) split tower is the embedding its scores use. */
  @Test
  void embedTextOnAClipStyleTowerIsWhatItsScoresUse() {
    RewardRegistry r = RewardRegistry.builder(ModelDirs.MODELS).preprocessors(NearestPreprocessor::new).build();
    RewardManifest m = r.manifest("hpsv2");
    List<Image> images = dev.align4j.rewards.fixtures.TestImages.make(3, 5);
    try (TwoTowerScorer hps = (TwoTowerScorer) r.open("hpsv2");
        dev.align4j.rewards.onnx.OnnxSession vision = dev.align4j.rewards.onnx.OnnxSession.open(
            m.file(RewardManifest.VISION_MODEL), SessionConfig.cpu())) {
      float[] pixels = new NearestPreprocessor(m.preprocessing()).apply(images);
      int size = m.preprocessing().size();
      float[] embeds = vision.run(java.util.Map.of("pixel_values", dev.align4j.rewards.onnx.Tensor.of(pixels,
          images.size(), 3, size, size)), java.util.Set.of("image_embeds")).get("image_embeds").data();
      int dim = embeds.length / images.size();
      float[] t = hps.embedText("a red square");
      float[] s = hps.score("a red square", images);
      for (int k = 0; k < images.size(); k++) {
        float[] i = java.util.Arrays.copyOfRange(embeds, k * dim, (k + 1) * dim);
        assertEquals(Vectors.cosine(t, i), s[k], 1e-5, "image " + k);
      }
    }
    try (TwoTowerScorer pick = (TwoTowerScorer) r.open("pickscore")) {
      assertThrows(IllegalStateException.class, () -> pick.embedText("a red square"));
    }
  }

  @Test
  void poolingNeedsATextTowerGraphOfItsOwn(@TempDir Path dir) throws IOException {
    Path model = towerModel(dir, "joint", "bge-similarity", new float[3][384]);
    ModelDirs.editManifest(model, m -> {
      ObjectNode files = (ObjectNode) m.get("files");
      files.put("model", files.get("text_model").asText());
      files.remove("text_model");
      files.remove("vision_model");
    });
    UserError e = assertThrows(UserError.class, () -> registry(dir).manifest("joint"));
    assertTrue(e.getMessage().contains("text.pooling: 'cls' needs the text tower as a graph of its own"),
        e.getMessage());
  }

  @Test
  void candidatePrefixIsOnlyForTextEmbedding(@TempDir Path dir) throws IOException {
    Path model = towerModel(dir, "prefixed", "e5-similarity", new float[3][384]);
    ModelDirs.editManifest(model, m -> ((ObjectNode) m.get("text")).put("candidate_prefix", "passage: "));
    UserError e = assertThrows(UserError.class, () -> registry(dir).manifest("prefixed"));
    assertTrue(e.getMessage().contains("text.candidate_prefix: only kind text_embedding uses it"), e.getMessage());
  }

  @Test
  void aPooledTowerWithoutLastHiddenStateSaysWhatTheGraphHas(@TempDir Path dir) throws IOException {
    Path model = towerModel(dir, "named", "minilm-similarity", new float[3][384]);
    ModelDirs.editManifest(model, m -> ((ObjectNode) m.get("outputs")).put("last_hidden_state", "text_embeds"));
    UserError e = assertThrows(UserError.class, () -> registry(dir).open("named"));
    assertTrue(e.getMessage().contains("outputs.last_hidden_state: 'text_embeds' is not an output of")
        && e.getMessage().contains("(outputs: last_hidden_state)"), e.getMessage());
  }
}
