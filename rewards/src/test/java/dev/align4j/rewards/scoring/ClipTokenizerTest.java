package dev.align4j.rewards.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.util.UserError;
import dev.align4j.rewards.fixtures.ClipTokenizerJsonWriter;
import dev.align4j.rewards.fixtures.ClipTokenizerJsonWriter.PostProcessor;
import dev.align4j.rewards.manifest.RewardManifest.Text;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CLIP tokenisation of the tiny CLIP-structured tokenizer: ids checked against the writer's vocabulary and
 * its own BPE simulation, independent of the Rust tokenizer that produces them.
 */
class ClipTokenizerTest {
  static final Path FIXTURE = Path.of("../models/clip-score/tokenizer.json");
  static final ClipTokenizerJsonWriter W = ClipTokenizerJsonWriter.defaults();
  static long start;
  static long end;

  @BeforeAll
  static void ids() {
    start = W.id(ClipTokenizerJsonWriter.START);
    end = W.id(ClipTokenizerJsonWriter.END);
  }

  static long[] expected(int length, String... tokens) {
    long[] ids = new long[length];
    Arrays.fill(ids, end);
    ids[0] = start;
    for (int i = 0; i < tokens.length; i++) ids[i + 1] = W.id(tokens[i]);
    ids[tokens.length + 1] = end;
    return ids;
  }

  static long[] mask(int length, int ones) {
    return LongStream.range(0, length).map(i -> i < ones ? 1 : 0).toArray();
  }

  @Test
  void startEndPaddingAndMask() {
    try (ClipTokenizer t = ClipTokenizer.load(FIXTURE, Text.CLIP)) {
      assertEquals(end, t.padId(), "CLIP pads with <|endoftext|>");
      assertEquals(W.vocabSize() - 1, end, "end of text is the last id, as in CLIP");
      TokenBatch b = t.encode(List.of("a photo of a cat", "A  Photo\nof a CAT!"));
      assertEquals(2, b.rows());
      assertEquals(77, b.length());
      assertArrayEquals(expected(77, "a</w>", "photo</w>", "of</w>", "a</w>", "cat</w>"), b.row(0));
      assertArrayEquals(mask(77, 7), b.maskRow(0));
      // lowercased, whitespace collapsed, punctuation its own word
      assertArrayEquals(expected(77, "a</w>", "photo</w>", "of</w>", "a</w>", "cat</w>", "!</w>"), b.row(1));
      assertArrayEquals(mask(77, 8), b.maskRow(1));
    }
  }

  @Test
  void wordsOutsideTheMergesFallBackToByteSymbols() {
    try (ClipTokenizer t = ClipTokenizer.load(FIXTURE, Text.CLIP)) {
      List<String> pieces = W.bpeForTest("zebra");
      long[] row = t.encode(List.of("zebra")).row(0);
      assertEquals(start, row[0]);
      for (int i = 0; i < pieces.size(); i++) assertEquals(W.id(pieces.get(i)), row[i + 1], pieces.toString());
      assertEquals(end, row[pieces.size() + 1]);
    }
  }

  @Test
  void truncationKeepsTheEndToken() {
    try (ClipTokenizer t = ClipTokenizer.load(FIXTURE, Text.CLIP)) {
      String prompt = String.join(" ", Collections.nCopies(100, "cat"));
      TokenBatch b = t.encode(List.of(prompt));
      long[] row = b.row(0);
      assertEquals(start, row[0]);
      assertEquals(end, row[76]);
      for (int i = 1; i < 76; i++) assertEquals(W.id("cat</w>"), row[i]);
      assertArrayEquals(mask(77, 77), b.maskRow(0));
    }
  }

  @Test
  void shorterMaxLengthAndEmptyPrompt() {
    try (ClipTokenizer t = ClipTokenizer.load(FIXTURE, new Text(5, ClipTokenizerJsonWriter.END))) {
      TokenBatch b = t.encode(List.of("a red square on the sky", ""));
      assertArrayEquals(expected(5, "a</w>", "red</w>", "square</w>"), b.row(0));
      assertArrayEquals(new long[] {start, end, end, end, end}, b.row(1));
      assertArrayEquals(mask(5, 2), b.maskRow(1));
    }
  }

  @Test
  void robertaPostProcessorAsPublishedGivesTheSameIds(@TempDir Path dir) throws Exception {
    Path roberta = dir.resolve("tokenizer.json");
    Files.write(roberta, new ClipTokenizerJsonWriter(PostProcessor.ROBERTA).toBytes());
    List<String> prompts = new ArrayList<>(List.of("a big yellow triangle", "Painting of a dog in the sky."));
    try (ClipTokenizer a = ClipTokenizer.load(FIXTURE, Text.CLIP);
        ClipTokenizer b = ClipTokenizer.load(roberta, Text.CLIP)) {
      assertArrayEquals(a.encode(prompts).ids(), b.encode(prompts).ids());
    }
  }

  @Test
  void badPadTokenAndMissingFileAreOneLineErrors() {
    UserError pad = assertThrows(UserError.class, () -> ClipTokenizer.load(FIXTURE, new Text(77, "[PAD]")));
    assertTrue(pad.getMessage().contains("pad token '[PAD]'"), pad.getMessage());
    assertTrue(pad.getMessage().contains("text.pad_token"), pad.getMessage());
    UserError missing = assertThrows(UserError.class,
        () -> ClipTokenizer.load(Path.of("nope/tokenizer.json"), Text.CLIP));
    assertTrue(missing.getMessage().startsWith("tokenizer file not found"), missing.getMessage());
    assertTrue(!pad.getMessage().contains("\n") && !missing.getMessage().contains("\n"));
  }
}
