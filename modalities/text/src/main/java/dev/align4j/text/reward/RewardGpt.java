package dev.align4j.text.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.nn.InPlace;
import dev.align4j.core.nn.SeededInitializer;
import dev.align4j.core.train.NamedParameter;
import dev.align4j.core.train.PolicyModel;
import dev.align4j.core.util.UserError;
import dev.align4j.text.GptPolicy;
import dev.align4j.text.gpt.Gpt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A scalar reward model on the small GPT: the score of a sequence is a linear head on the final hidden state
 * (after {@code ln_f}) of its last real token, {@code r = w · h_last + b}. With right padding and an EOS
 * closing every response, that is the EOS position: the one token that has seen the whole prompt and
 * response. "Last real" is read from the attention mask (the last position whose mask is 1), so left and
 * right padding give the same score.
 *
 * <p>Saved as a directory: {@code body/} (a GPT checkpoint, LoRA adapters included) and {@code head.json}.
 * Parameters: the GPT's, plus {@code reward_head_weight} {@code [d_model]} and {@code reward_head_bias}
 * {@code [1]}.
 */
public final class RewardGpt implements PolicyModel {
  /** The head's file in a saved reward model. */
  public static final String HEAD_FILE = "head.json";
  /** The GPT body's directory in a saved reward model. */
  public static final String BODY_DIR = "body";
  public static final String HEAD_WEIGHT = "reward_head_weight";
  public static final String HEAD_BIAS = "reward_head_bias";
  private static final String FORMAT = "align4j-reward-head";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final GptPolicy body;
  private final NDArray weight;
  private final NDArray bias;

  private RewardGpt(GptPolicy body, NDArray weight, NDArray bias) {
    this.body = body;
    this.weight = weight;
    this.bias = bias;
    weight.setRequiresGradient(true);
    bias.setRequiresGradient(true);
  }

  /**
   * A fresh head on {@code body}: weight from N(0, 1/(d_model + 1)) drawn with {@code seed}, bias 0. The
   * model takes ownership of {@code body}.
   */
  public static RewardGpt withNewHead(GptPolicy body, long seed) {
    int d = body.gpt().config().dModel();
    NDManager m = body.parameters().get(0).array().getManager();
    NDArray w = SeededInitializer.normal(1 / Math.sqrt(d + 1.0), SeededInitializer.seedFor(seed, HEAD_WEIGHT))
        .initialize(m, new Shape(d), DataType.FLOAT32);
    return new RewardGpt(body, w, m.zeros(new Shape(1)));
  }

  /** Whether {@code dir} holds a saved reward model (rather than a bare GPT checkpoint). */
  public static boolean isRewardModel(Path dir) {
    return Files.isRegularFile(dir.resolve(HEAD_FILE));
  }

  /** Loads a reward model saved by {@link #save} into a sub-manager of {@code parent}. */
  public static RewardGpt load(Path dir, NDManager parent) {
    Head head = readHead(dir.resolve(HEAD_FILE));
    GptPolicy body = GptPolicy.load(dir.resolve(BODY_DIR), parent);
    int d = body.gpt().config().dModel();
    if (head.weight().length != d) {
      body.close();
      throw new UserError(dir.resolve(HEAD_FILE) + ": weight has " + head.weight().length + " values, but the body's "
          + "d_model is " + d);
    }
    NDManager m = body.parameters().get(0).array().getManager();
    return new RewardGpt(body, m.create(head.weight()), m.create(new float[] {head.bias()}));
  }

  /** The GPT body. */
  public Gpt gpt() {
    return body.gpt();
  }

  /** The head's weight, {@code [d_model]}. */
  public float[] headWeight() {
    return weight.toFloatArray();
  }

  /** The head's bias. */
  public float headBias() {
    return bias.toFloatArray()[0];
  }

  /**
   * Scores of {@code ids [N, T]} under {@code mask [N, T]} (1 = real token): {@code [N]}, differentiable in
   * the parameters when {@code training}. Arrays are created in the parameters' manager; scope the call.
   */
  public NDArray scores(NDArray ids, NDArray mask, boolean training) {
    NDArray hidden = gpt().hidden(new ParameterStore(weight.getManager(), false), ids, mask, training);   // [N, T, d]
    NDArray perPosition = hidden.matMul(weight.reshape(-1, 1)).squeeze(-1);               // [N, T]
    NDArray mask64 = mask.toType(DataType.INT64, false);
    NDArray last = mask64.cumSum(1).eq(mask64.sum(new int[] {1}, true)).logicalAnd(mask64.gt(0))
        .toType(DataType.FLOAT32, false);                                                  // one-hot, [N, T]
    return perPosition.mul(last).sum(new int[] {1}).add(bias);
  }

  @Override
  public List<NamedParameter> parameters() {
    List<NamedParameter> out = new ArrayList<>(body.parameters());
    out.add(new NamedParameter(HEAD_WEIGHT, weight));
    out.add(new NamedParameter(HEAD_BIAS, bias));
    return out;
  }

  /** Reward models train without a reference: there is no frozen copy to make. */
  @Override
  public PolicyModel frozenCopy() {
    throw new UnsupportedOperationException("a Bradley-Terry reward model trains without a reference model");
  }

  @Override
  public boolean hasAdapters() {
    return body.hasAdapters();
  }

  @Override
  public void setAdaptersEnabled(boolean enabled) {
    body.setAdaptersEnabled(enabled);
  }

  @Override
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    body.save(dir.resolve(BODY_DIR));
    Path tmp = dir.resolve(HEAD_FILE + ".tmp");
    JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), new Head(FORMAT, 1, headWeight(), headBias()));
    Files.move(tmp, dir.resolve(HEAD_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Copies saved values into this model's arrays in place (they stay trainable). */
  @Override
  public void load(Path dir) throws IOException {
    Head head = readHead(dir.resolve(HEAD_FILE));
    if (head.weight().length != weight.size()) {
      throw new IOException(dir.resolve(HEAD_FILE) + ": weight has " + head.weight().length + " values, expected "
          + weight.size());
    }
    body.load(dir.resolve(BODY_DIR));
    InPlace.copy(head.weight(), weight);
    InPlace.copy(new float[] {head.bias()}, bias);
  }

  @Override
  public void close() {
    body.close();
  }

  private static Head readHead(Path file) {
    Head head;
    try {
      head = JSON.readValue(file.toFile(), Head.class);
    } catch (IOException e) {
      throw new UserError(file + ": not a reward head (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
    if (!FORMAT.equals(head.format()) || head.version() != 1 || head.weight() == null) {
      throw new UserError(file + ": not an " + FORMAT + " v1 file");
    }
    return head;
  }

  /** {@code head.json}. */
  record Head(@JsonProperty("format") String format, @JsonProperty("version") int version,
      @JsonProperty("weight") float[] weight, @JsonProperty("bias") float bias) {}
}
