/**
 * Methods that sample while they train (SPO, D3PO) and InPO's inverted noisy samples: the policy's own
 * DDIM trajectories, scored by a reward, make the preference terms at every step.
 */
package dev.align4j.image.online;
