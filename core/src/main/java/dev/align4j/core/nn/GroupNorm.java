package dev.align4j.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Group normalization (Wu and He 2018), which DJL lacks: the channels of {@code x [B, C, ...]} are split into
 * {@code groups} groups, each group of each example is normalized to zero mean and unit variance (biased
 * variance, as torch.nn.GroupNorm, epsilon 1e-5), then scaled by {@code gamma [C]} and shifted by {@code beta [C]}.
 * Runs as libtorch's one fused kernel ({@link FusedOps#groupNorm}); {@link #forwardSilu} fuses the SiLU that
 * follows it in every UNet block.
 */
public final class GroupNorm extends AbstractBlock {
  /** torch.nn.GroupNorm's default epsilon, the one every align4j model uses. */
  static final float EPSILON = 1e-5f;

  private static final byte VERSION = 1;

  private final int groups;
  private final int channels;
  private final Parameter gamma;
  private final Parameter beta;

  /** Normalizes {@code channels} channels in {@code groups} groups ({@code channels} a multiple of it). */
  public GroupNorm(int groups, int channels) {
    super(VERSION);
    if (groups <= 0 || channels % groups != 0) {
      throw new IllegalArgumentException("channels " + channels + " must be a positive multiple of groups " + groups);
    }
    this.groups = groups;
    this.channels = channels;
    gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
        .optShape(new Shape(channels)).optInitializer(Initializer.ONES).build());
    beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA)
        .optShape(new Shape(channels)).optInitializer(Initializer.ZEROS).build());
  }

  public int groups() {
    return groups;
  }

  public int channels() {
    return channels;
  }

  /** The normalized, scaled and shifted {@code x [B, C, ...]}. */
  public NDArray forward(ParameterStore store, NDArray x, boolean training) {
    return forward(store, x, training, false);
  }

  /** SiLU of {@link #forward}, in one kernel. */
  public NDArray forwardSilu(ParameterStore store, NDArray x, boolean training) {
    return forward(store, x, training, true);
  }

  private NDArray forward(ParameterStore store, NDArray x, boolean training, boolean silu) {
    Shape shape = x.getShape();
    if (shape.dimension() < 2 || shape.get(1) != channels) {
      throw new IllegalArgumentException("GroupNorm expects [B, " + channels + ", ...], got " + shape);
    }
    NDArray g = store.getValue(gamma, x.getDevice(), training);
    NDArray b = store.getValue(beta, x.getDevice(), training);
    return FusedOps.groupNorm(x, groups, g, b, silu);
  }

  /**
   * The composed form ({@code -Dalign4j.fused.ops=false}): {@code x} viewed as {@code [1, B·groups, rest]} and
   * normalized by batch normalization in training mode (per "channel" statistics over the rest), which is group
   * normalization exactly, then the affine part per channel.
   */
  static NDArray composed(NDArray x, int groups, NDArray gamma, NDArray beta) {
    Shape shape = x.getShape();
    long batch = shape.get(0);
    NDArray normalized = normalize(x.reshape(1, batch * groups, -1), EPSILON).reshape(shape);
    long[] dims = new long[shape.dimension()];
    java.util.Arrays.fill(dims, 1);
    dims[1] = shape.get(1);
    Shape affine = new Shape(dims);
    return normalized.mul(gamma.reshape(affine)).add(beta.reshape(affine));
  }

  /**
   * {@code x [1, N, L]} normalized per row: batch normalization in training mode computes exactly this.
   * The running-statistics arrays it updates are throwaway; gamma 1 and beta 0 make it affine-free.
   */
  static NDArray normalize(NDArray x, float epsilon) {
    NDManager m = x.getManager();
    long n = x.getShape().get(1);
    DataType type = x.getDataType();
    NDArray runningMean = m.zeros(new Shape(n), type);
    NDArray runningVar = m.ones(new Shape(n), type);
    NDArray ones = m.ones(new Shape(n), type);
    NDArray zeros = m.zeros(new Shape(n), type);
    return BatchNorm.batchNorm(x, runningMean, runningVar, ones, zeros, 1, 0.1f, epsilon, true).singletonOrThrow();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(forward(store, inputs.singletonOrThrow(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
