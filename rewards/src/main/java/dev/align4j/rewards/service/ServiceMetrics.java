package dev.align4j.rewards.service;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The service's Prometheus metrics, in a registry of its own (two services in one JVM do not collide):
 * <ul>
 *   <li>{@code align4j_http_requests_total{endpoint,status}}</li>
 *   <li>{@code align4j_http_errors_total{endpoint,kind}} (kind: bad_request, too_large, queue_full, ...)</li>
 *   <li>{@code align4j_http_request_duration_seconds{endpoint}} (histogram)</li>
 *   <li>{@code align4j_batch_size{reward}} (histogram of images per model call)</li>
 *   <li>{@code align4j_batch_duration_seconds{reward}} (histogram of model call time)</li>
 *   <li>{@code align4j_queue_depth{reward}} (images waiting)</li>
 * </ul>
 * Paths the service does not serve are counted under {@code endpoint="other"}, so clients cannot grow labels.
 */
final class ServiceMetrics implements MicroBatcher.Listener {
  private static final double[] SECONDS = {
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
  private static final double[] BATCH_SIZES = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Map<String, IntSupplier> queueDepths = new ConcurrentHashMap<>();

  private final Counter requests = Counter.builder()
      .name("align4j_http_requests_total").help("HTTP requests answered, by endpoint and status")
      .labelNames("endpoint", "status").register(registry);
  private final Counter errors = Counter.builder()
      .name("align4j_http_errors_total").help("HTTP requests answered with an error, by endpoint and kind")
      .labelNames("endpoint", "kind").register(registry);
  private final Histogram latency = Histogram.builder()
      .name("align4j_http_request_duration_seconds").help("Time from request to response, by endpoint")
      .labelNames("endpoint").classicOnly().classicUpperBounds(SECONDS).register(registry);
  private final Histogram batchSize = Histogram.builder()
      .name("align4j_batch_size").help("Images per reward model call (micro-batch size)")
      .labelNames("reward").classicOnly().classicUpperBounds(BATCH_SIZES).register(registry);
  private final Histogram batchSeconds = Histogram.builder()
      .name("align4j_batch_duration_seconds").help("Time of one reward model call")
      .labelNames("reward").classicOnly().classicUpperBounds(SECONDS).register(registry);

  ServiceMetrics() {
    GaugeWithCallback.builder()
        .name("align4j_queue_depth").help("Images queued for scoring, by reward")
        .labelNames("reward")
        .callback(cb -> queueDepths.forEach((reward, depth) -> cb.call(depth.getAsInt(), reward)))
        .register(registry);
  }

  void request(String endpoint, int status, long nanos) {
    requests.labelValues(endpoint, Integer.toString(status)).inc();
    latency.labelValues(endpoint).observe(nanos / 1e9);
  }

  void error(String endpoint, String kind) {
    errors.labelValues(endpoint, kind).inc();
  }

  @Override
  public void batchScored(String reward, int size, long nanos) {
    batchSize.labelValues(reward).observe(size);
    batchSeconds.labelValues(reward).observe(nanos / 1e9);
  }

  void watchQueue(String reward, IntSupplier depth) {
    queueDepths.put(reward, depth);
  }

  String contentType() {
    return writer.getContentType();
  }

  /** Every metric in the Prometheus text exposition format. */
  byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new IllegalStateException("writing metrics to memory failed", e);
    }
    return out.toByteArray();
  }
}
