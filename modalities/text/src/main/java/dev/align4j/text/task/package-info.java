/**
 * The embedded text world: two-number addition, its exact checker, its character tokenizer and cached base
 * model, so that a method's effect on a text model is measured, not assumed.
 */
package dev.align4j.text.task;
