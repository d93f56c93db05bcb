/**
 * Network blocks DJL lacks, shared by every modality's Java models: LoRA linear layers, group
 * normalisation, multi-head attention (causal self-attention with its key/value cache), seeded
 * initialisation, and tuned parameter values stored by name.
 */
package dev.align4j.core.nn;
