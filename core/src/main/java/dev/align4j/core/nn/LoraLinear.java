package dev.align4j.core.nn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import dev.align4j.losses.Scalars;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A linear layer {@code y = x Wᵀ + b} with optional low-rank adapters (LoRA, Hu et al. 2021):
 * {@code y = x Wᵀ + b + (alpha / r) · (x Aᵀ) Bᵀ}, where {@code A} is {@code [r, in]} (random) and {@code B}
 * is {@code [out, r]} (zeros), so a freshly attached adapter leaves the output unchanged.
 *
 * <p>Parameters: {@code weight} {@code [out, in]}, {@code bias} {@code [out]} (optional), and once adapters
 * are attached {@code lora_a} and {@code lora_b}. The adapter names contain "lora" so trainable-subset
 * filters can select them. With adapters disabled ({@link #setAdaptersEnabled}) the layer computes the base
 * projection only: that is how the policy doubles as its own frozen reference.
 */
public final class LoraLinear extends AbstractBlock {

  private static final byte VERSION = 1;

  private final long inFeatures;
  private final long outFeatures;
  private final Parameter weight;
  private final Parameter bias;
  private Parameter loraA;
  private Parameter loraB;
  private int rank;
  private float alpha;
  private boolean adaptersEnabled = true;

  /**
   * A linear layer from {@code inFeatures} to {@code outFeatures}. The weight uses DJL's default initializer
   * until a caller sets another (models set a {@link SeededInitializer}); the bias starts at zero.
   */
  public LoraLinear(long inFeatures, long outFeatures, boolean withBias) {
    super(VERSION);
    if (inFeatures <= 0 || outFeatures <= 0) {
      throw new IllegalArgumentException("features must be positive, got in=" + inFeatures + " out=" + outFeatures);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(outFeatures, inFeatures)).build());
    bias = withBias
        ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
            .optShape(new Shape(outFeatures)).build())
        : null;
  }

  /**
   * Attaches adapters of rank {@code rank} with scale {@code alpha / rank}. {@code A} is drawn from
   * U(-1/√in, 1/√in) with {@code seed}, {@code B} is zero. Works before or after initialization: on an
   * initialized layer the adapters are created at once next to the base weight.
   *
   * @throws IllegalStateException if adapters are already attached
   */
  public void enableLora(int rank, float alpha, long seed) {
    addAdapterParameters(rank, alpha, SeededInitializer.uniform(1 / Math.sqrt(inFeatures), seed));
    if (weight.isInitialized()) {
      NDManager manager = weight.getArray().getManager();
      loraA.initialize(manager, weight.getArray().getDataType());
      loraB.initialize(manager, weight.getArray().getDataType());
    }
  }

  private void addAdapterParameters(int rank, float alpha, Initializer aInit) {
    if (rank <= 0) {
      throw new IllegalArgumentException("LoRA rank must be positive, got " + rank);
    }
    if (loraA != null) {
      throw new IllegalStateException("LoRA adapters are already attached (rank " + this.rank + ")");
    }
    this.rank = rank;
    this.alpha = alpha;
    loraA = addParameter(Parameter.builder().setName("lora_a").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(rank, inFeatures)).optInitializer(aInit).build());
    loraB = addParameter(Parameter.builder().setName("lora_b").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(outFeatures, rank)).optInitializer(Initializer.ZEROS).build());
  }

  /** Whether adapters are attached. */
  public boolean hasLora() {
    return loraA != null;
  }

  /** Adapter rank, 0 without adapters. */
  public int loraRank() {
    return rank;
  }

  /** Adapter alpha (the update is scaled by alpha / rank). */
  public float loraAlpha() {
    return alpha;
  }

  /** Turns the adapter path on or off; off gives the base layer's output exactly. */
  public void setAdaptersEnabled(boolean enabled) {
    adaptersEnabled = enabled;
  }

  /** Whether the adapter path is used in forward passes. */
  public boolean adaptersEnabled() {
    return adaptersEnabled;
  }

  public long inFeatures() {
    return inFeatures;
  }

  public long outFeatures() {
    return outFeatures;
  }

  /** The projection of {@code x} {@code [..., in]} to {@code [..., out]}. */
  public NDArray forward(ParameterStore store, NDArray x, boolean training) {
    NDArray w = store.getValue(weight, x.getDevice(), training);
    NDArray b = store.getValue(bias, x.getDevice(), training);
    NDArray y = Linear.linear(x, w, b).singletonOrThrow();
    if (loraA == null || !adaptersEnabled) {
      return y;
    }
    NDArray a = store.getValue(loraA, x.getDevice(), training);
    NDArray bUp = store.getValue(loraB, x.getDevice(), training);
    NDArray down = Linear.linear(x, a).singletonOrThrow();
    NDArray up = Linear.linear(down, bUp).singletonOrThrow();
    return y.add(up.mul(Scalars.of(alpha / rank)));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(forward(store, inputs.singletonOrThrow(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {in.slice(0, in.dimension() - 1).add(outFeatures)};
  }

  @Override
  protected void beforeInitialize(Shape... inputShapes) {
    super.beforeInitialize(inputShapes);
    Shape in = inputShapes[0];
    if (in.get(in.dimension() - 1) != inFeatures) {
      throw new IllegalArgumentException("LoraLinear expects last dimension " + inFeatures + ", got " + in);
    }
  }

  /** Writes the input shapes and the adapter rank and alpha, so a load can check they match. */
  @Override
  protected void saveMetadata(DataOutputStream os) throws IOException {
    saveInputShapes(os);
    os.writeInt(rank);
    os.writeFloat(alpha);
  }

  @Override
  protected void loadMetadata(byte loadVersion, DataInputStream is)
      throws IOException, MalformedModelException {
    if (loadVersion != VERSION) {
      throw new MalformedModelException("LoraLinear: unsupported version " + loadVersion);
    }
    readInputShapes(is);
    int savedRank = is.readInt();
    float savedAlpha = is.readFloat();
    if (savedRank != rank || Float.compare(savedAlpha, alpha) != 0) {
      throw new MalformedModelException("LoraLinear: saved adapters have rank " + savedRank + ", alpha "
          + savedAlpha + " but this layer has rank " + rank + ", alpha " + alpha
          + " (attach matching adapters before loading)");
    }
  }
}
