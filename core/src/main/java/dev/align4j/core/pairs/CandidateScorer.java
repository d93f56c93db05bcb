package dev.align4j.core.pairs;

import java.util.List;

/**
 * Scores candidates for a prompt, higher is better: a reward model, a task's checker, a judge.
 *
 * @param <P> a prompt
 * @param <C> a candidate
 */
public interface CandidateScorer<P, C> {
  double[] score(P prompt, List<C> candidates);
}
