/**
 * {@code bench throughput}: images per second of reward models (decoding, preprocessing, tokenisation and
 * ONNX included) and steps per second of training runs, as one table in markdown and JSON.
 */
package dev.align4j.benchmarks.throughput;
