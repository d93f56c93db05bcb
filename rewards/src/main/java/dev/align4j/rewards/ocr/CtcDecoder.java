package dev.align4j.rewards.ocr;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import dev.align4j.core.util.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Greedy CTC decoding over a PP-OCR character list, as PaddleOCR's {@code CTCLabelDecode} with
 * {@code use_space_char=True}: class 0 is the CTC blank, classes 1..K are the K lines of the keys file, class
 * K+1 is a space. At each time step the most probable class is taken (the first on a tie); repeats of the same
 * class in consecutive steps collapse to one, then blanks are dropped. The confidence is the mean of the kept
 * steps' probabilities (0 when nothing is kept).
 *
 * @param characters class index to text: the blank (""), the keys, " "
 */
public record CtcDecoder(List<String> characters) {
  public CtcDecoder {
    characters = ImmutableList.copyOf(characters);
    Preconditions.checkArgument(characters.size() >= 2, "need at least the blank and one character");
  }

  /** A decoded line: its text and mean per-character probability. */
  public record Decoded(String text, float confidence) {}

  /**
   * The decoder for a keys file: one character per line, UTF-8 (a final line break is optional; CR LF is read
   * as LF).
   */
  public static CtcDecoder fromKeys(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError("cannot read OCR character list " + file + ": " + e.getMessage(), e);
    }
    List<String> lines = new ArrayList<>(List.of(text.replace("\r\n", "\n").split("\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) lines.remove(lines.size() - 1);
    if (lines.isEmpty()) throw new UserError("OCR character list " + file + " is empty");
    List<String> chars = new ArrayList<>(lines.size() + 2);
    chars.add("");
    chars.addAll(lines);
    chars.add(" ");
    return new CtcDecoder(chars);
  }

  /** Number of classes the recogniser must output: blank, keys, space. */
  public int classes() {
    return characters.size();
  }

  /**
   * Decodes one sequence of {@code steps x classes()} probabilities, row-major from {@code offset}.
   */
  public Decoded decode(float[] probs, int offset, int steps) {
    int classes = characters.size();
    Preconditions.checkArgument(offset >= 0 && offset + (long) steps * classes <= probs.length,
        "%s steps of %s classes from %s exceed %s values", steps, classes, offset, probs.length);
    StringBuilder text = new StringBuilder();
    double sum = 0;
    int kept = 0;
    int previous = -1;
    for (int t = 0; t < steps; t++) {
      int row = offset + t * classes;
      int best = 0;
      float p = probs[row];
      for (int c = 1; c < classes; c++) {
        if (probs[row + c] > p) {
          p = probs[row + c];
          best = c;
        }
      }
      if (best != 0 && best != previous) {
        text.append(characters.get(best));
        sum += p;
        kept++;
      }
      previous = best;
    }
    return new Decoded(text.toString(), kept == 0 ? 0f : (float) (sum / kept));
  }
}
