package dev.align4j.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.align4j.core.train.NamedParameter;
import dev.align4j.diffusion.Conditioning;
import dev.align4j.diffusion.Denoiser;
import dev.align4j.diffusion.NoiseSchedule;
import dev.align4j.diffusion.Prediction;
import dev.align4j.losses.Scalars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A per-pixel linear epsilon-predictor for tests: {@code y = W x + b + P mean(context) + w_t t / 1000},
 * mixing channels only. Small enough to train in milliseconds, rich enough to prefer one colour over another.
 */
public final class TinyDenoiser implements Denoiser {
  private final int channels;
  private final int size;
  private final List<NamedParameter> parameters;
  private final boolean frozen;
  private Prediction prediction = Prediction.EPSILON;

  public TinyDenoiser(NDManager manager, int channels, int size, int contextDim, long seed) {
    this(channels, size, init(manager, channels, contextDim, seed), false);
  }

  private TinyDenoiser(int channels, int size, List<NamedParameter> parameters, boolean frozen) {
    this.channels = channels;
    this.size = size;
    this.parameters = parameters;
    this.frozen = frozen;
    for (NamedParameter p : parameters) p.array().setRequiresGradient(!frozen);
  }

  private static List<NamedParameter> init(NDManager m, int c, int d, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<NamedParameter> out = new ArrayList<>();
    out.add(new NamedParameter("w", random(m, rnd, new Shape(c, c), 0.3)));
    out.add(new NamedParameter("b", random(m, rnd, new Shape(c), 0.1)));
    out.add(new NamedParameter("p", random(m, rnd, new Shape(d, c), 0.1)));
    out.add(new NamedParameter("wt", random(m, rnd, new Shape(1, c), 0.1)));
    return out;
  }

  private static NDArray random(NDManager m, SplittableRandom rnd, Shape shape, double scale) {
    float[] v = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < v.length; i++) v[i] = (float) (scale * rnd.nextGaussian());
    return NoiseSchedule.owned(m, v, shape);
  }

  private NDArray p(int i) {
    return parameters.get(i).array();
  }

  @Override
  public NDArray predict(NDArray sample, NDArray timesteps, Conditioning conditioning, boolean training) {
    NDArray context = conditioning.requireCaptions(this);
    long b = sample.getShape().get(0);
    NDArray x = sample.transpose(0, 2, 3, 1);
    NDArray y = x.matMul(p(0)).add(p(1));
    NDArray c = context.mean(new int[] {1}).matMul(p(2)).reshape(b, 1, 1, channels);
    NDArray t = timesteps.toType(DataType.FLOAT32, false).mul(Scalars.of(1e-3)).reshape(b, 1).matMul(p(3))
        .reshape(b, 1, 1, channels);
    return y.add(c).add(t).transpose(0, 3, 1, 2);
  }

  @Override
  public int[] sampleShape() {
    return new int[] {channels, size, size};
  }

  @Override
  public Prediction prediction() {
    return prediction;
  }

  /** This denoiser, declaring {@code p} as what it predicts. */
  public TinyDenoiser predicting(Prediction p) {
    this.prediction = p;
    return this;
  }

  @Override
  public List<NamedParameter> parameters() {
    return parameters;
  }

  @Override
  public Denoiser frozenCopy() {
    List<NamedParameter> copy = new ArrayList<>();
    for (NamedParameter p : parameters) copy.add(new NamedParameter(p.name(), p.array().stopGradient().duplicate()));
    return new TinyDenoiser(channels, size, copy, true).predicting(prediction);
  }

  boolean frozen() {
    return frozen;
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
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    NDList list = new NDList();
    for (NamedParameter p : parameters) list.add(p.array().duplicate());
    Files.write(dir.resolve("tiny.ndlist"), list.encode());
    list.close();
  }

  @Override
  public void load(Path dir) throws IOException {
    NDManager m = p(0).getManager();
    try (NDManager tmp = m.newSubManager();
        NDList list = NDList.decode(tmp, Files.readAllBytes(dir.resolve("tiny.ndlist")))) {
      for (int i = 0; i < parameters.size(); i++) p(i).set(list.get(i).toFloatArray());
    }
  }

  @Override
  public void close() {
    for (NamedParameter p : parameters) p.array().close();
  }
}
