/**
 * TensorFlow.js layers models to ONNX, in Java so that the build can run it: {@link
 * dev.align4j.rewards.tfjs.TfjsLayersModel} reads a Keras topology and its weights (dequantising uint8, uint16 and
 * float16 weights as TensorFlow.js does), {@link dev.align4j.rewards.tfjs.KerasToOnnx} writes the opset-13 graph,
 * and {@link dev.align4j.rewards.tfjs.NsfwjsModels} takes nsfwjs's MobileNetV2 out of its npm tarball (the
 * topology and the base64 weights sit inside browserify JavaScript modules) for {@code models/mobilenet-neutral}.
 */
package dev.align4j.rewards.tfjs;
