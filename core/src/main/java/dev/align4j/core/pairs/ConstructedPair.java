package dev.align4j.core.pairs;

/**
 * A preference pair built from scored candidates, with its provenance.
 *
 * @param seed the seed the candidates were drawn with
 * @param candidates how many candidates the prompt had
 */
public record ConstructedPair<P, C>(P prompt, C chosen, C rejected, double chosenScore, double rejectedScore,
    long seed, int candidates) {}
