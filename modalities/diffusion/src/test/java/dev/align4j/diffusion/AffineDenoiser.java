package dev.align4j.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.align4j.core.train.NamedParameter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A stand-in network for tests over samples of any rank, rebuilt in tools/golden/flow_golden.py:
 * {@code out = w x + u s / 1000 + mean(captions)} per example (s the timestep the network sees). Elementwise in
 * x, so its errors do not depend on how a sample's axes are arranged.
 */
final class AffineDenoiser implements Denoiser {
  private final NDArray w;
  private final double u;
  private final int[] sampleShape;
  private final Prediction prediction;

  AffineDenoiser(NDManager manager, double w, double u, Prediction prediction, int... sampleShape) {
    this.w = manager.create(new float[] {(float) w}, new Shape(1));
    this.u = u;
    this.prediction = prediction;
    this.sampleShape = sampleShape.clone();
  }

  @Override
  public NDArray predict(NDArray sample, NDArray timesteps, Conditioning conditioning, boolean training) {
    long b = sample.getShape().get(0);
    long[] dims = new long[sample.getShape().dimension()];
    Arrays.fill(dims, 1);
    dims[0] = b;
    Shape perExample = new Shape(dims);
    NDArray s = timesteps.toType(DataType.FLOAT32, false).mul(u / 1000).reshape(perExample);
    NDArray c = conditioning.requireCaptions(this).reshape(b, -1).mean(new int[] {1}).reshape(perExample);
    return sample.mul(w).add(s).add(c);
  }

  @Override
  public int[] sampleShape() {
    return sampleShape.clone();
  }

  @Override
  public Prediction prediction() {
    return prediction;
  }

  @Override
  public List<NamedParameter> parameters() {
    return List.of(new NamedParameter("w", w));
  }

  @Override
  public Denoiser frozenCopy() {
    return this;
  }

  @Override
  public boolean hasAdapters() {
    return false;
  }

  @Override
  public void setAdaptersEnabled(boolean enabled) {
    throw new UnsupportedOperationException("no adapters");
  }

  @Override
  public void save(Path dir) {
    throw new UnsupportedOperationException("test network");
  }

  @Override
  public void load(Path dir) {
    throw new UnsupportedOperationException("test network");
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "affine test network";
  }
}
