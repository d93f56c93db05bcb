package dev.align4j.rewards.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.media.Image;
import dev.align4j.rewards.RewardModel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scoring Pick-a-Pic pairs with a reward model: the one scoring path of {@code align4j score --data} and of the
 * Spark score job. Any number of rows go to the model in one call; a row's scores do not depend on the others in
 * the call (the reward models are batch-invariant), so one row at a time and a partition's micro-batches agree
 * bit for bit.
 */
public final class PairScores {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A scored row: its number, caption, both scores and label_0 (NaN without labels). */
  public record Scored(long row, String caption, float score0, float score1, double label0) {
    /** The index of the image the model prefers (0 on equal scores). */
    public int preferred() {
      return score0 >= score1 ? 0 : 1;
    }

    /** The scores file's line. */
    public ObjectNode json() {
      ObjectNode line = JSON.createObjectNode().put("row", row).put("caption", caption)
          .put("score_0", score0).put("score_1", score1).put("preferred", preferred());
      if (!Double.isNaN(label0)) line.put("label_0", label0);
      return line;
    }
  }

  private PairScores() {}

  /** Scores {@code rows} in one model call, two items per row. */
  public static List<Scored> score(RewardModel model, List<PickapicPairs.Row> rows) {
    List<String> prompts = new ArrayList<>(rows.size() * 2);
    List<Image> images = new ArrayList<>(rows.size() * 2);
    for (PickapicPairs.Row r : rows) {
      prompts.add(r.caption());
      prompts.add(r.caption());
      images.add(r.image0());
      images.add(r.image1());
    }
    float[] s = rows.isEmpty() ? new float[0] : model.scoreBatch(prompts, images);
    List<Scored> out = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      PickapicPairs.Row r = rows.get(i);
      out.add(new Scored(r.row(), r.caption(), s[2 * i], s[2 * i + 1], r.label0()));
    }
    return out;
  }

  /** Rows scored, untied labels, and the model's agreements with them; mergeable. */
  public static final class Summary implements Serializable {
    private static final long serialVersionUID = 1L;
    private long rows;
    private long untied;
    private long agreements;

    /** Counts one row from its label and scores. */
    public Summary add(double label0, float score0, float score1) {
      rows++;
      if (label0 == 0 || label0 == 1) {
        untied++;
        if ((label0 == 1) == (score0 > score1)) agreements++;
      }
      return this;
    }

    /** Counts one scored row. */
    public Summary add(Scored s) {
      return add(s.label0(), s.score0(), s.score1());
    }

    public Summary merge(Summary other) {
      rows += other.rows;
      untied += other.untied;
      agreements += other.agreements;
      return this;
    }

    public long rows() {
      return rows;
    }

    /** The line {@code align4j score --data} prints. */
    public String line(String reward, String target) {
      return String.format(Locale.ROOT, "scored %d pairs with %s -> %s%s", rows, reward, target, untied == 0 ? ""
          : String.format(Locale.ROOT, "; agrees with %d of %d untied labels (%.3f)", agreements, untied,
              (double) agreements / untied));
    }
  }
}
