/**
 * The HTTP scoring service: reward models behind a small JSON API on the JDK's HTTP server, with dynamic
 * micro-batching per model, bounded bodies and Prometheus metrics.
 */
package dev.align4j.rewards.service;
