/**
 * Comparisons with peer implementations: the same training step run by align4j and by a PyTorch script
 * ({@code benchmarks/peers/}), with the inputs and a reference computation exported for the peer.
 */
package dev.align4j.benchmarks.peers;
