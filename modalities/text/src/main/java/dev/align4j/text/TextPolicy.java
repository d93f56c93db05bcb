package dev.align4j.text;

import dev.align4j.core.train.PolicyModel;

/** A causal LM the engine can tune: the Java GPT or a TorchScript module. */
public interface TextPolicy extends PolicyModel {
  /** The model's forward pass. */
  CausalLm lm();
}
