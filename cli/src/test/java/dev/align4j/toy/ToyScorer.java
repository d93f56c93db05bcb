package dev.align4j.toy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.align4j.core.train.NamedParameter;
import dev.align4j.core.train.PolicyModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The toy's policy: a sample's log-likelihood is {@code w . features}. */
final class ToyScorer implements PolicyModel {
  final NDManager manager;
  final NDArray weight;

  ToyScorer(NDManager parent, float[] init, boolean trainable) {
    manager = parent.newSubManager();
    weight = manager.create(init, new Shape(init.length));
    weight.setRequiresGradient(trainable);
  }

  @Override
  public List<NamedParameter> parameters() {
    return List.of(new NamedParameter("w", weight));
  }

  @Override
  public PolicyModel frozenCopy() {
    return new ToyScorer(manager, weight.toFloatArray(), false);
  }

  @Override
  public boolean hasAdapters() {
    return false;
  }

  @Override
  public void setAdaptersEnabled(boolean enabled) {
    throw new UnsupportedOperationException("the toy has no adapters");
  }

  @Override
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve("w.bin"), new NDList(weight).encode());
  }

  @Override
  public void load(Path dir) throws IOException {
    try (NDList list = NDList.decode(manager, Files.readAllBytes(dir.resolve("w.bin")))) {
      weight.set(list.get(0).toFloatArray());
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
