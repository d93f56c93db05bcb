/**
 * ONNX Runtime and ONNX writing: sessions over heap tensors with element-type conversion, and the opset-13
 * operators and graph pieces every graph align4j writes from Java shares.
 */
package dev.align4j.rewards.onnx;
