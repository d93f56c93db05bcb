/**
 * Reward models: a registry of ONNX models described by manifests (and judges behind an HTTP API), each
 * scoring a prompt and its images or completions, higher is better.
 */
package dev.align4j.rewards;
