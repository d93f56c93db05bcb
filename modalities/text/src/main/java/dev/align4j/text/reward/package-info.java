/**
 * Bradley-Terry text reward models: a scalar head on the small GPT trained on preference pairs with the
 * shared engine, then exported as one ONNX graph into a registry model directory.
 */
package dev.align4j.text.reward;
