/**
 * Loss inputs from files: per-example preference terms written one JSON object per line (the format of
 * {@code docs/losses.md}) read into {@link dev.align4j.losses.PreferenceTerms}, for {@code losses eval}
 * and the golden tests.
 */
package dev.align4j.core.terms;
