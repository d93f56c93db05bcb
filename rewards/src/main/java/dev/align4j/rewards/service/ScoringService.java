package dev.align4j.rewards.service;

import com.google.common.base.Preconditions;
import com.sun.net.httpserver.HttpServer;
import dev.align4j.core.util.UserError;
import dev.align4j.losses.Suggestions;
import dev.align4j.rewards.RewardModel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP scoring service: reward models behind a small JSON API, with dynamic micro-batching of concurrent
 * requests per model. Runs on the JDK's built-in HTTP server with a bounded pool of request threads.
 *
 * <pre>
 * POST /v1/score    {"reward": NAME, "prompt": TEXT, "images": [BASE64, ...]} -> {"reward": NAME, "scores": [...]}
 * POST /v1/compare  {"reward": NAME, "prompt": TEXT, "images": [A, B]} ->
 * {"reward": NAME, "probabilities": [pA, pB], "preferred": 0|1}
 * GET  /v1/models   {"models": [{"name": NAME, "description": TEXT}, ...]}
 * GET  /health      {"status": "ok", "models": [NAME, ...]}
 * GET  /metrics     Prometheus text format
 * </pre>
 *
 * Every error is {@code {"error": MESSAGE, "status": N}} with that HTTP status. Images arrive only as base64
 * (or {@code data:} URLs); the service never reads a path a client sends.
 *
 * <pre>{@code
 * try (ScoringService service = ScoringService.builder(registry, decoder).models("pickscore").port(0).build()) {
 *   service.start();
 *   int port = service.port();
 *   ...
 * }
 * }</pre>
 */
public final class ScoringService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScoringService.class);
  private static final int BACKLOG = 256;

  static {
    // The JDK server writes response headers and body separately; with Nagle's algorithm on, the body waits
    // for the client's delayed ACK (~40 ms a request on Linux loopback, measured 2.3x lower throughput). The
    // server reads this property once, when the first HttpServer in the JVM is created; an explicit setting wins.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final Builder settings;
  private final InFlight inFlight = new InFlight();
  private final ServiceMetrics metrics = new ServiceMetrics();
  private final Map<String, RewardModel> models = new LinkedHashMap<>();
  private final Map<String, MicroBatcher> batchers = new LinkedHashMap<>();
  private final CountDownLatch closedLatch = new CountDownLatch(1);
  private HttpServer server;
  private ThreadPoolExecutor executor;
  private boolean closed;

  private ScoringService(Builder settings) {
    this.settings = settings;
  }

  /** A builder serving models from {@code source}, decoding client images with {@code decoder}. */
  public static Builder builder(ModelSource source, ImageDecoding decoder) {
    return new Builder(source, decoder);
  }

  /**
   * Opens the models, binds the port and starts serving.
   *
   * @throws UserError for an unknown model name or an address that cannot be bound (nothing is left open)
   */
  public synchronized ScoringService start() {
    Preconditions.checkState(server == null && !closed, "the scoring service was already started");
    try {
      openModels();
      Map<String, String> descriptions = new LinkedHashMap<>();
      for (Map.Entry<String, RewardModel> e : models.entrySet()) {
        String name = e.getKey();
        MicroBatcher batcher = new MicroBatcher(name, e.getValue(), settings.maxBatchSize, settings.maxWaitMs,
            settings.queueCapacity, metrics);
        batchers.put(name, batcher);
        metrics.watchQueue(name, batcher::depth);
        descriptions.put(name, String.valueOf(settings.source.description(name)));
      }
      server = bind();
      executor = new ThreadPoolExecutor(settings.threads, settings.threads, 60, TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(settings.threads * 64), daemonThreads("align4j-http-"));
      server.setExecutor(executor);
      server.createContext("/", router(descriptions));
      batchers.values().forEach(MicroBatcher::start);
      server.start();
    } catch (RuntimeException e) {
      if (server != null) server.stop(0);
      if (executor != null) executor.shutdownNow();
      stopBatchersAndCloseModels();
      closed = true;
      closedLatch.countDown();
      throw e;
    }
    LOG.info("scoring service on http://{}:{} serving {}", settings.host, port(), models.keySet());
    return this;
  }

  /** The port bound (the ephemeral one chosen when the builder said 0). */
  public synchronized int port() {
    Preconditions.checkState(server != null, "the scoring service is not started");
    return server.getAddress().getPort();
  }

  /** The host (address) listened on. */
  public String host() {
    return settings.host;
  }

  /** Names of the models served, in the order given. */
  public List<String> models() {
    return List.copyOf(settings.models);
  }

  /**
   * Graceful shutdown: refuses new requests (503, connection closed), lets in-flight ones finish for up to
   * the drain timeout, stops the server, lets each batcher finish its queue, then closes the models. A model
   * still busy after the timeout is left open (and logged) rather than closed under a running call.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) return;
      closed = true;
    }
    try {
      if (server == null) return;
      boolean interrupted = false;
      try {
        if (!inFlight.closeAndAwait(settings.drainTimeoutMs)) {
          LOG.warn("requests still in flight after {} ms; closing anyway", settings.drainTimeoutMs);
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
      server.stop(0);
      executor.shutdownNow();
      stopBatchersAndCloseModels();
      if (interrupted) Thread.currentThread().interrupt();
      LOG.info("scoring service on port {} stopped", server.getAddress().getPort());
    } finally {
      closedLatch.countDown();
    }
  }

  /** Blocks until {@link #close()} has finished (for a command that serves until it is stopped). */
  public void awaitClose() throws InterruptedException {
    closedLatch.await();
  }

  /** False once shutdown began. */
  boolean accepting() {
    return inFlight.isOpen();
  }

  private void openModels() {
    Set<String> known = settings.source.names();
    for (String name : settings.models) {
      if (!known.contains(name)) {
        throw new UserError("unknown reward model '" + name + "'" + Suggestions.didYouMean(name, known)
            + " (available: " + String.join(", ", known.stream().sorted().toList()) + ")");
      }
    }
    for (String name : settings.models) {
      RewardModel model = settings.source.open(name);
      Preconditions.checkState(model != null, "the model source opened nothing for '%s'", name);
      models.put(name, model);
    }
  }

  private HttpServer bind() {
    InetSocketAddress address = new InetSocketAddress(settings.host, settings.port);
    String where = settings.host + ":" + settings.port;
    if (address.isUnresolved()) throw new UserError("cannot listen on " + where + ": unknown host");
    try {
      return HttpServer.create(address, BACKLOG);
    } catch (IOException e) {
      throw new UserError("cannot listen on " + where + ": " + e.getMessage(), e);
    }
  }

  private Router router(Map<String, String> descriptions) {
    JsonBody body = new JsonBody(settings.maxBodyBytes);
    ScoringEndpoints scoring = new ScoringEndpoints(Map.copyOf(batchers), body, settings.decoder,
        settings.maxImages, settings.requestTimeoutMs);
    InfoEndpoints info = new InfoEndpoints(descriptions, metrics);
    return new Router(inFlight, metrics)
        .route("POST", "/v1/score", scoring::score)
        .route("POST", "/v1/compare", scoring::compare)
        .route("GET", "/v1/models", info::models)
        .route("GET", "/health", info::health)
        .route("GET", "/metrics", info::metrics);
  }

  private void stopBatchersAndCloseModels() {
    for (Map.Entry<String, RewardModel> e : models.entrySet()) {
      String name = e.getKey();
      MicroBatcher batcher = batchers.get(name);
      try {
        if (batcher != null && !batcher.stop(settings.drainTimeoutMs)) {
          LOG.warn("reward '{}' is still busy after {} ms; leaving it open", name, settings.drainTimeoutMs);
          continue;
        }
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        LOG.warn("interrupted while stopping reward '{}'; leaving it open", name);
        continue;
      }
      try {
        e.getValue().close();
      } catch (Exception ex) {
        LOG.warn("closing reward '{}' failed: {}", name, ex.toString());
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Settings of a {@link ScoringService}; every one has a default but the models to serve. */
  public static final class Builder {
    private final ModelSource source;
    private final ImageDecoding decoder;
    private final List<String> models = new ArrayList<>();
    private String host = "127.0.0.1";
    private int port = 8080;
    private int maxBatchSize = 32;
    private long maxWaitMs = 5;
    private int queueCapacity = 1024;
    private long maxBodyBytes = 32L << 20;
    private int maxImages = 64;
    private int threads = 16;
    private long requestTimeoutMs = 60_000;
    private long drainTimeoutMs = 30_000;

    private Builder(ModelSource source, ImageDecoding decoder) {
      this.source = Preconditions.checkNotNull(source, "source");
      this.decoder = Preconditions.checkNotNull(decoder, "decoder");
    }

    /** Reward models to serve (opened at start; an unknown name fails the start). At least one. */
    public Builder models(String... names) {
      return models(List.of(names));
    }

    /** Reward models to serve (opened at start; an unknown name fails the start). At least one. */
    public Builder models(Collection<String> names) {
      for (String name : names) {
        Preconditions.checkArgument(name != null && !name.isBlank(), "a model name is empty");
        if (!models.contains(name)) models.add(name);
      }
      return this;
    }

    /** Address to listen on; default 127.0.0.1 (loopback only). */
    public Builder host(String host) {
      this.host = Preconditions.checkNotNull(host, "host");
      return this;
    }

    /** Port to listen on, 0 for an ephemeral one (see {@link ScoringService#port()}); default 8080. */
    public Builder port(int port) {
      Preconditions.checkArgument(port >= 0 && port <= 65535, "port must be 0..65535, got %s", port);
      this.port = port;
      return this;
    }

    /** Most images per model call; default 32. */
    public Builder maxBatchSize(int n) {
      Preconditions.checkArgument(n >= 1, "maxBatchSize must be at least 1, got %s", n);
      this.maxBatchSize = n;
      return this;
    }

    /** Longest a batch waits to fill after its first image arrived, in ms; default 5 (0: no waiting). */
    public Builder maxWaitMs(long ms) {
      Preconditions.checkArgument(ms >= 0, "maxWaitMs must be >= 0, got %s", ms);
      this.maxWaitMs = ms;
      return this;
    }

    /** Most images queued per model before requests are refused with 503; default 1024. */
    public Builder queueCapacity(int images) {
      Preconditions.checkArgument(images >= 2, "queueCapacity must be at least 2, got %s", images);
      this.queueCapacity = images;
      return this;
    }

    /** Largest request body in bytes (413 beyond); default 32 MiB. */
    public Builder maxBodyBytes(long bytes) {
      Preconditions.checkArgument(bytes >= 1024, "maxBodyBytes must be at least 1024, got %s", bytes);
      this.maxBodyBytes = bytes;
      return this;
    }

    /** Most images in one request (413 beyond); default 64. */
    public Builder maxImages(int n) {
      Preconditions.checkArgument(n >= 2, "maxImages must be at least 2, got %s", n);
      this.maxImages = n;
      return this;
    }

    /** Request-handling threads (each waits on its request's batch); default 16. */
    public Builder threads(int n) {
      Preconditions.checkArgument(n >= 1, "threads must be at least 1, got %s", n);
      this.threads = n;
      return this;
    }

    /** Longest a request waits for its scores before a 503; default 60 s. */
    public Builder requestTimeoutMs(long ms) {
      Preconditions.checkArgument(ms >= 1, "requestTimeoutMs must be positive, got %s", ms);
      this.requestTimeoutMs = ms;
      return this;
    }

    /** How long {@link ScoringService#close()} lets in-flight work finish; default 30 s. */
    public Builder drainTimeoutMs(long ms) {
      Preconditions.checkArgument(ms >= 0, "drainTimeoutMs must be >= 0, got %s", ms);
      this.drainTimeoutMs = ms;
      return this;
    }

    /** A service with these settings, not yet started. */
    public ScoringService build() {
      Preconditions.checkState(!models.isEmpty(), "no reward models to serve: name at least one");
      Preconditions.checkState(queueCapacity >= maxImages,
          "queueCapacity (%s) must be at least maxImages (%s), or a full request could never be queued",
          queueCapacity, maxImages);
      return new ScoringService(copy());
    }

    private Builder copy() {
      Builder b = new Builder(source, decoder);
      b.models.addAll(models);
      b.host = host;
      b.port = port;
      b.maxBatchSize = maxBatchSize;
      b.maxWaitMs = maxWaitMs;
      b.queueCapacity = queueCapacity;
      b.maxBodyBytes = maxBodyBytes;
      b.maxImages = maxImages;
      b.threads = threads;
      b.requestTimeoutMs = requestTimeoutMs;
      b.drainTimeoutMs = drainTimeoutMs;
      return b;
    }
  }
}
