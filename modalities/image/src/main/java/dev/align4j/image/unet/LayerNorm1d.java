package dev.align4j.image.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/** LayerNorm over the last axis with its size known up front (DJL's infers it at initialization). */
final class LayerNorm1d extends AbstractBlock {
  private final int features;
  private final Parameter gamma;
  private final Parameter beta;

  LayerNorm1d(int features) {
    super((byte) 1);
    this.features = features;
    gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
        .optShape(new Shape(features)).optInitializer(Initializer.ONES).build());
    beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA)
        .optShape(new Shape(features)).optInitializer(Initializer.ZEROS).build());
  }

  NDArray forward(ParameterStore store, NDArray x, boolean training) {
    return LayerNorm.layerNorm(x, new Shape(features), store.getValue(gamma, x.getDevice(), training),
        store.getValue(beta, x.getDevice(), training), 1e-5f).singletonOrThrow();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(forward(store, inputs.singletonOrThrow(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }
}
