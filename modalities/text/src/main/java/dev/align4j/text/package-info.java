/**
 * Causal language models as a modality: prompts and completions tokenised through chat templates, scored by
 * summed completion log-probs under the policy and the reference; generation and tokenizers for the Java
 * GPT and TorchScript models alike.
 */
package dev.align4j.text;
