package dev.align4j.rewards.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.align4j.rewards.scoring.ClipTokenizer;
import dev.align4j.rewards.scoring.TokenBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shapes tokenizer.json through the registry's tokenizer: one token per word, CLIP's start/end/padding. */
class ShapesTokenizerTest {
  @Test
  void wordsStartEndAndPadding(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("tokenizer.json");
    Files.write(file, ShapesTokenizer.json());
    List<String> vocab = ShapesTokenizer.vocabulary();
    try (ClipTokenizer t = ClipTokenizer.load(file, ShapesTokenizer.text())) {
      TokenBatch b = t.encode(List.of("a small red circle to the right of a Large BLUE square", "a small pink circle"));
      long[] expected = new long[16];
      String[] words = ("<|startoftext|> a small red circle to the right of a large blue square <|endoftext|>")
          .split(" ");
      java.util.Arrays.fill(expected, vocab.indexOf(ShapesTokenizer.END));
      for (int i = 0; i < words.length; i++) expected[i] = vocab.indexOf(words[i]);
      assertArrayEquals(expected, b.row(0));
      assertEquals(14, java.util.Arrays.stream(b.maskRow(0)).sum());
      assertEquals(vocab.indexOf(ShapesTokenizer.UNKNOWN), b.row(1)[3], "a word outside the world");
      assertEquals(6, java.util.Arrays.stream(b.maskRow(1)).sum());
    }
  }
}
