package dev.align4j.rewards.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.align4j.core.nn.InPlace;
import dev.align4j.core.train.NamedParameter;
import dev.align4j.core.train.PolicyModel;
import dev.align4j.core.util.UserError;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A {@link TwoTower} as the training engine sees it. On disk (a run's {@code final/}, a checkpoint's
 * {@code model/}): {@code config.json} (the {@link TwoTowerSpec}) and {@code model.params} (DJL's parameter
 * format). {@link #load} also starts from an exported registry model ({@code manifest.json} +
 * {@code model.onnx} written by {@link OnnxExport}), reading the weights back from the graph: that is how
 * PickScore-style fine-tuning starts from a shipped CLIP-style model.
 */
public final class TwoTowerPolicy implements PolicyModel {
  public static final String CONFIG = "config.json";
  public static final String PARAMS = "model.params";
  static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final TwoTower model;
  private final NDManager manager;

  /** Wraps a model whose parameters live in {@code manager}, which this policy then owns. */
  public TwoTowerPolicy(TwoTower model, NDManager manager) {
    this.model = model;
    this.manager = manager;
  }

  /** A freshly initialised model (seeded) in a sub-manager of {@code parent}. */
  public static TwoTowerPolicy create(TwoTowerSpec spec, long seed, NDManager parent) {
    NDManager m = parent.newSubManager();
    return new TwoTowerPolicy(TwoTower.create(spec, seed, m), m);
  }

  /**
   * Loads a saved model ({@code config.json} + {@code model.params}) or an exported one
   * ({@code model.onnx} with align4j's two-tower metadata) from {@code dir}.
   */
  public static TwoTowerPolicy load(Path dir, NDManager parent) {
    if (Files.isRegularFile(dir.resolve(OnnxExport.MODEL_FILE)) && !Files.isRegularFile(dir.resolve(CONFIG))) {
      return OnnxExport.read(dir.resolve(OnnxExport.MODEL_FILE), parent);
    }
    if (!Files.isRegularFile(dir.resolve(CONFIG))) {
      throw new UserError(dir + ": not a two-tower model (no " + CONFIG + " or " + OnnxExport.MODEL_FILE + ")");
    }
    TwoTowerSpec spec;
    try {
      spec = JSON.readValue(dir.resolve(CONFIG).toFile(), TwoTowerSpec.class);
    } catch (IOException e) {
      throw new UserError(dir.resolve(CONFIG) + ": cannot read (" + e.getMessage().lines().findFirst().orElse("")
          + ")");
    }
    NDManager m = parent.newSubManager();
    TwoTower model = new TwoTower(spec);
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve(PARAMS))))) {
      model.loadParameters(m, in);
    } catch (IOException | MalformedModelException e) {
      m.close();
      throw new UserError(dir.resolve(PARAMS) + ": cannot read (" + e.getMessage() + ")");
    }
    TwoTowerPolicy policy = new TwoTowerPolicy(model, m);
    policy.parameters().forEach(p -> p.array().setRequiresGradient(true));
    return policy;
  }

  public TwoTower model() {
    return model;
  }

  NDManager manager() {
    return manager;
  }

  @Override
  public List<NamedParameter> parameters() {
    return NamedParameter.of(model.getParameters());
  }

  /** Parameter values by name, as float arrays. */
  public Map<String, float[]> values() {
    Map<String, float[]> out = new java.util.LinkedHashMap<>();
    for (NamedParameter p : parameters()) out.put(p.name(), p.array().toFloatArray());
    return out;
  }

  @Override
  public PolicyModel frozenCopy() {
    NDManager m = manager.newSubManager();
    TwoTower copy = new TwoTower(model.spec());
    copy.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32,
        new ai.djl.ndarray.types.Shape(1, model.spec().maxLength()),
        new ai.djl.ndarray.types.Shape(1, model.spec().maxLength()),
        new ai.djl.ndarray.types.Shape(1, 3, model.spec().imageSize(), model.spec().imageSize()));
    TwoTowerPolicy frozen = new TwoTowerPolicy(copy, m);
    Map<String, float[]> v = values();
    for (NamedParameter p : frozen.parameters()) {
      InPlace.copy(v.get(p.name()), p.array());
      p.array().setRequiresGradient(false);
    }
    return frozen;
  }

  @Override
  public boolean hasAdapters() {
    return false;
  }

  @Override
  public void setAdaptersEnabled(boolean enabled) {
    if (!enabled) throw new UnsupportedOperationException("a two-tower model has no adapters");
  }

  /** Writes {@code config.json} and {@code model.params} into {@code dir} (created). */
  @Override
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    JSON.writeValue(dir.resolve(CONFIG).toFile(), model.spec());
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(PARAMS))))) {
      model.saveParameters(out);
    }
  }

  /** Copies saved values into this model's arrays in place (they stay trainable). */
  @Override
  public void load(Path dir) throws IOException {
    try (TwoTowerPolicy saved = load(dir, manager)) {
      Map<String, float[]> v = saved.values();
      for (NamedParameter p : parameters()) {
        float[] values = v.get(p.name());
        if (values == null) throw new IOException(dir + ": no parameter " + p.name());
        InPlace.copy(values, p.array());
      }
    }
  }

  /** Sets parameter values by name (all of them). */
  void set(Map<String, float[]> values, Path source) {
    for (NamedParameter p : parameters()) {
      float[] v = values.get(p.name());
      if (v == null || v.length != p.array().getShape().size()) {
        throw new UserError(source + ": no weights of the right size for " + p.name());
      }
      InPlace.copy(v, p.array());
    }
  }

  @Override
  public void close() {
    manager.close();
  }

}
