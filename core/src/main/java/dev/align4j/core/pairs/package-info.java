/**
 * On-policy pair construction: a generator proposes candidates per prompt, a scorer ranks them and a
 * strategy turns the ranking into seeded, reproducible (chosen, rejected) pairs; modalities supply the
 * generators and scorers.
 */
package dev.align4j.core.pairs;
