/**
 * {@code bench throughput}: images per second of reward models (decoding, preprocessing, tokenisation and
 * ONNX included), steps per second of training runs, and the video rows (Diffusion-DPO steps of a video model,
 * clips per second of the moving-shapes checker and of MP4 decoding), as one table in markdown and JSON.
 */
package dev.align4j.benchmarks.throughput;
