/**
 * A small GPT written as DJL blocks (pre-LayerNorm layers, tied output projection, optional LoRA): the
 * embedded default policy, trainable from scratch on a laptop, and its checkpoint format.
 */
package dev.align4j.text.gpt;
