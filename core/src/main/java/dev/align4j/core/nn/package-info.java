/**
 * Network blocks DJL lacks, shared by every modality's Java models: LoRA linear layers, group
 * normalisation, causal self-attention with its key/value cache, multi-head attention arithmetic, seeded
 * initialisation, and tuned parameter values stored by name.
 */
package dev.align4j.core.nn;
