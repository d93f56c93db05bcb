package dev.align4j.image.pairs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.data.DataConfig;
import dev.align4j.core.media.Image;
import dev.align4j.core.pairs.CandidateScorer;
import dev.align4j.diffusion.BetaSchedule;
import dev.align4j.diffusion.IdentityCodec;
import dev.align4j.diffusion.NoiseSchedule;
import dev.align4j.diffusion.SamplerConfig;
import dev.align4j.image.HashCaptionEncoder;
import dev.align4j.image.TinyDenoiser;
import dev.align4j.image.data.ImageData;
import dev.align4j.image.data.ImageDatasets;
import dev.align4j.image.data.ImagePair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On-policy pairs from a tiny denoiser: reproducible files, provenance, the gap rule, and the reader round trip. */
class OnPolicyPairsTest {
  static final NoiseSchedule SCHEDULE = new NoiseSchedule(BetaSchedule.LINEAR, 100, 1e-3, 0.1);
  static final List<String> PROMPTS = List.of("a red circle", "a blue square", "a green triangle", "two things",
      "a small red circle", "a large blue square", "x", "y", "z", "w");

  @TempDir Path tmp;

  /** Mean red minus mean blue, in [-1, 1]. */
  static final CandidateScorer<String, Image> RED = (prompt, images) -> {
    double[] s = new double[images.size()];
    for (int i = 0; i < s.length; i++) {
      Image im = images.get(i);
      double sum = 0;
      for (int p = 0; p < im.width() * im.height(); p++) sum += (im.rgb()[p * 3] & 0xff) - (im.rgb()[p * 3 + 2] & 0xff);
      s[i] = sum / (255.0 * im.width() * im.height());
    }
    return s;
  };

  static ImageCandidateGenerator generator(NDManager m) {
    TinyDenoiser d = new TinyDenoiser(m, 3, 8, HashCaptionEncoder.DIM, 5);
    return new ImageCandidateGenerator(d, new HashCaptionEncoder(), new IdentityCodec(), SCHEDULE,
        SamplerConfig.ddim(4, 1.0, 2.0), 7);
  }

  @Test
  void sameSeedSameFilesAndProvenance() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      ImageCandidateGenerator g = generator(m);
      OnPolicyPairs.Result a = OnPolicyPairs.build(g, RED, PROMPTS, 3, 0.0, 11, tmp.resolve("a"), "tiny", 7);
      OnPolicyPairs.Result b = OnPolicyPairs.build(g, RED, PROMPTS, 3, 0.0, 11, tmp.resolve("b"), "tiny", 7);
      assertEquals(PROMPTS.size(), a.prompts());
      assertEquals(a.pairs() + a.promptsWithoutPair(), PROMPTS.size());
      assertTrue(a.pairs() >= PROMPTS.size() - 1, "pairs " + a.pairs());
      assertEquals(Files.readString(a.file()), Files.readString(b.file()));
      List<String> lines = Files.readAllLines(a.file());
      for (String line : lines) {
        JsonNode row = new ObjectMapper().readTree(line);
        assertEquals("tiny", row.get("model").asText());
        assertEquals(7, row.get("model_step").asInt());
        assertEquals(3, row.get("candidates").asInt());
        assertTrue(row.get("chosen_score").asDouble() > row.get("rejected_score").asDouble());
        assertTrue(row.get("seed").asLong() == 11 || row.get("seed").asLong() == 12);
        byte[] ca = Files.readAllBytes(a.file().getParent().resolve(row.get("chosen").asText()));
        byte[] cb = Files.readAllBytes(b.file().getParent().resolve(row.get("chosen").asText()));
        assertArrayEquals(ca, cb);
      }
      // A different seed draws different images.
      OnPolicyPairs.Result c = OnPolicyPairs.build(g, RED, PROMPTS, 3, 0.0, 12, tmp.resolve("c"), "tiny", 7);
      assertTrue(!Files.readString(a.file()).equals(Files.readString(c.file())));
      // Rewriting a folder replaces it whole.
      OnPolicyPairs.Result again = OnPolicyPairs.build(g, RED, PROMPTS.subList(0, 2), 3, 0.0, 11, tmp.resolve("a"),
          "tiny", 7);
      assertEquals(again.pairs(), Files.readAllLines(again.file()).size());
      assertEquals(2 * again.pairs(), Files.list(tmp.resolve("a/images")).count());
    }
  }

  @Test
  void candidatesDoNotDependOnTheBatchSize() {
    try (NDManager m = NDManager.newBaseManager()) {
      TinyDenoiser d = new TinyDenoiser(m, 3, 8, HashCaptionEncoder.DIM, 5);
      SamplerConfig cfg = SamplerConfig.ddim(4, 1.0, 2.0);
      List<List<Image>> a = new ImageCandidateGenerator(d, new HashCaptionEncoder(), new IdentityCodec(), SCHEDULE,
          cfg, 7).propose(PROMPTS.subList(0, 3), 3, 5);
      List<List<Image>> b = new ImageCandidateGenerator(d, new HashCaptionEncoder(), new IdentityCodec(), SCHEDULE,
          cfg, 2).propose(PROMPTS.subList(0, 3), 3, 5);
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) assertArrayEquals(a.get(i).get(j).rgb(), b.get(i).get(j).rgb());
      }
      assertTrue(!java.util.Arrays.equals(a.get(0).get(0).rgb(), a.get(0).get(1).rgb()));
    }
  }

  @Test
  void gapRuleDropsClosePromptsAndRoundTripsThroughTheReader() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      ImageCandidateGenerator g = generator(m);
      List<List<Image>> cands = g.propose(PROMPTS, 3, 11);
      List<Double> gaps = new ArrayList<>();
      for (int i = 0; i < PROMPTS.size(); i++) {
        double[] s = RED.score(PROMPTS.get(i), cands.get(i));
        gaps.add(java.util.Arrays.stream(s).max().getAsDouble() - java.util.Arrays.stream(s).min().getAsDouble());
      }
      double minGap = gaps.stream().sorted().toList().get(PROMPTS.size() / 2);
      // batch 0 only: all prompts fit in one candidate batch when <= PROMPTS_PER_BATCH
      List<String> prompts = PROMPTS.subList(0, Math.min(PROMPTS.size(), OnPolicyPairs.PROMPTS_PER_BATCH));
      long expected = gaps.subList(0, prompts.size()).stream().filter(gp -> gp >= minGap).count();
      OnPolicyPairs.Result r = OnPolicyPairs.build(g, RED, prompts, 3, minGap, 11, tmp.resolve("p"), "tiny", 0);
      assertEquals(expected, r.pairs());
      assertEquals(prompts.size() - expected, r.promptsWithoutPair());
      ImageData<ImagePair> read = ImageDatasets.paired(DataConfig.of(r.file().toString()), tmp, 8);
      assertEquals(r.pairs(), read.train().size());
      int j = 0;
      for (int i = 0; i < prompts.size(); i++) {
        if (gaps.get(i) < minGap) continue;
        ImagePair p = read.train().get(j++);
        assertEquals(prompts.get(i), p.caption());
        double[] s = RED.score(p.caption(), cands.get(i));
        int best = 0;
        int worst = 0;
        for (int q = 1; q < s.length; q++) {
          if (s[q] > s[best]) best = q;
          if (s[q] < s[worst]) worst = q;
        }
        assertArrayEquals(cands.get(i).get(best).rgb(), p.winner().rgb());
        assertArrayEquals(cands.get(i).get(worst).rgb(), p.loser().rgb());
      }
    }
  }
}
