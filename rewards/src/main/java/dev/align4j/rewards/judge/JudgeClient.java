package dev.align4j.rewards.judge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.base.Preconditions;
import dev.align4j.core.media.Audio;
import dev.align4j.core.media.ContentPart;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.MediaCodec;
import dev.align4j.core.media.TextPart;
import dev.align4j.core.media.Video;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Semaphore;

/**
 * A client for an OpenAI-compatible chat-completions endpoint ({@code POST {baseUrl}/chat/completions}), the way
 * UnifiedReward models are served (e.g. by vLLM). Each call sends one user message whose content is a list of
 * {@code {"type": "text"}} and {@code {"type": "image_url", "image_url": {"url": "data:image/png;base64,..."}}}
 * parts (the vision message format of OpenAI's chat-completions API reference, which vLLM's OpenAI-compatible
 * server accepts) and returns {@code choices[0].message.content}. UnifiedReward's own vLLM client ({@code
 * inference_qwen/UnifiedReward-2.0-inference/vllm_request.py} in github.com/CodeGoat24/UnifiedReward) talks to its
 * server the same way, with the model served as {@code UnifiedReward}.
 *
 * <p>Failures: connection errors, timeouts, 429 and 5xx are retried up to {@code maxRetries} times, waiting
 * {@code Retry-After} when the server sends it and otherwise an exponential back-off with jitter drawn from a
 * seeded {@link Random}; other statuses and malformed response bodies fail at once. At most {@code
 * maxConcurrency} requests are in flight at a time across all threads (no permit is held while backing off).
 * Thread-safe.
 */
public final class JudgeClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final String model;
  private final String apiKey;
  private final Duration timeout;
  private final int maxRetries;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final double temperature;
  private final int maxTokens;
  private final int maxConcurrency;
  private final Semaphore permits;
  private final Random random;
  private final Sleeper sleeper;
  private final HttpClient http;

  private JudgeClient(Builder b) {
    String base = b.baseUrl.endsWith("/") ? b.baseUrl.substring(0, b.baseUrl.length() - 1) : b.baseUrl;
    this.endpoint = URI.create(base + "/chat/completions");
    this.model = b.model;
    this.apiKey = b.apiKey;
    this.timeout = b.timeout;
    this.maxRetries = b.maxRetries;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.temperature = b.temperature;
    this.maxTokens = b.maxTokens;
    this.maxConcurrency = b.maxConcurrency;
    this.permits = new Semaphore(b.maxConcurrency, true);
    this.random = new Random(b.seed);
    this.sleeper = b.sleeper;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(b.connectTimeout).build();
  }

  /**
   * A builder for the server at {@code baseUrl}, the OpenAI-style base including the version path (e.g. {@code
   * http://localhost:8080/v1}), asking for {@code model} (the served model name, e.g. {@code UnifiedReward}).
   */
  public static Builder builder(String baseUrl, String model) {
    return new Builder(baseUrl, model);
  }

  /** The URL requests go to. */
  public URI endpoint() {
    return endpoint;
  }

  /** The most requests this client has in flight at once. */
  public int maxConcurrency() {
    return maxConcurrency;
  }

  /**
   * Sends one user message made of {@code parts} (in order) and returns the assistant's text. Parts go as
   * OpenAI-style content: text, images as PNG data URLs, a video as its frames, audio as an {@code input_audio}
   * WAV.
   *
   * @throws JudgeException when the request fails after the allowed retries, on a non-retryable status, or on a
   *     response that is not chat-completions JSON with a text answer
   */
  public String complete(List<ContentPart> parts) {
    Preconditions.checkArgument(!parts.isEmpty(), "a message needs at least one part");
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(requestBody(parts)));
    if (apiKey != null) request.header("Authorization", "Bearer " + apiKey);
    HttpRequest built = request.build();
    for (int attempt = 0; ; attempt++) {
      JudgeException failure;
      Optional<Duration> retryAfter = Optional.empty();
      try {
        HttpResponse<String> response = send(built);
        int status = response.statusCode();
        if (status / 100 == 2) return answer(response.body());
        failure = new JudgeException("judge endpoint " + endpoint + " answered HTTP " + status + ": "
            + UnparseableJudgementException.abbreviate(response.body()), status);
        if (status != 429 && status < 500) throw failure;
        retryAfter = retryAfter(response.headers());
      } catch (IOException e) {
        failure = new JudgeException("judge endpoint " + endpoint + " failed: " + e, 0, e);
      }
      if (attempt >= maxRetries) {
        if (maxRetries == 0) throw failure;
        throw new JudgeException(failure.getMessage() + " (gave up after " + (attempt + 1) + " attempts)",
            failure.status(), failure.getCause());
      }
      int retry = attempt;
      pause(retryAfter.orElseGet(() -> backoff(retry)));
    }
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException {
    try {
      permits.acquire();
      try {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
      } finally {
        permits.release();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JudgeException("interrupted while calling the judge", 0, e);
    }
  }

  private void pause(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JudgeException("interrupted while backing off", 0, e);
    }
  }

  /** Equal jitter: uniform in [base/2, base] with base = min(maxBackoff, initialBackoff * 2^retry). */
  private Duration backoff(int retry) {
    double base = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() * Math.pow(2, retry));
    return Duration.ofMillis(Math.round(base * (0.5 + 0.5 * random.nextDouble())));
  }

  /** Retry-After as delay-seconds or an HTTP-date, capped at maxBackoff; empty when absent or unreadable. */
  private Optional<Duration> retryAfter(HttpHeaders headers) {
    return headers.firstValue("Retry-After").map(String::strip).flatMap(v -> {
      try {
        if (v.matches("\\d+")) return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        Duration d = Duration.between(ZonedDateTime.now(),
            ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException | ArithmeticException e) {
        return Optional.empty();
      }
    }).map(d -> d.compareTo(maxBackoff) > 0 ? maxBackoff : d);
  }

  private byte[] requestBody(List<ContentPart> parts) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", model);
    ArrayNode content = body.putArray("messages").addObject().put("role", "user").putArray("content");
    for (ContentPart part : parts) {
      if (part instanceof TextPart t) {
        content.addObject().put("type", "text").put("text", t.text());
      } else if (part instanceof Image i) {
        imageUrl(content, i);
      } else if (part instanceof Video v) {
        v.frames().forEach(frame -> imageUrl(content, frame));
      } else if (part instanceof Audio a) {
        content.addObject().put("type", "input_audio").putObject("input_audio")
            .put("data", Base64.getEncoder().encodeToString(MediaCodec.encodeWav(a))).put("format", "wav");
      }
    }
    body.put("temperature", temperature);
    body.put("max_tokens", maxTokens);
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void imageUrl(ArrayNode content, Image image) {
    content.addObject().put("type", "image_url").putObject("image_url").put("url", ImageDataUrl.encode(image));
  }

  private String answer(String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new JudgeException("judge endpoint " + endpoint + " sent malformed JSON: "
          + UnparseableJudgementException.abbreviate(body), 200, e);
    }
    JsonNode content = root == null ? null : root.path("choices").path(0).path("message").path("content");
    if (content != null && content.isTextual()) return content.asText();
    if (content != null && content.isArray()) { // some servers answer with content parts
      StringBuilder text = new StringBuilder();
      content.forEach(p -> text.append(p.path("text").asText("")));
      return text.toString();
    }
    throw new JudgeException("judge endpoint " + endpoint + " sent no choices[0].message.content: "
        + UnparseableJudgementException.abbreviate(body), 200);
  }

  /** How the client waits between attempts; replaceable so tests can record delays instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  /** Settings for a {@link JudgeClient}; every setting has a default except the URL and model. */
  public static final class Builder {
    private final String baseUrl;
    private final String model;
    private String apiKey;
    private Duration timeout = Duration.ofSeconds(120);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private int maxRetries = 3;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private double temperature = 0;
    private int maxTokens = 1024;
    private int maxConcurrency = 8;
    private long seed = 0;
    private Sleeper sleeper = d -> Thread.sleep(d.toMillis());

    private Builder(String baseUrl, String model) {
      Preconditions.checkArgument(baseUrl != null && baseUrl.matches("https?://.+"),
          "judge base URL must be http(s): %s",
          baseUrl);
      Preconditions.checkArgument(model != null && !model.isBlank(), "judge model name is empty");
      this.baseUrl = baseUrl;
      this.model = model;
    }

    /** Sent as {@code Authorization: Bearer <key>}; none by default. */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
      return this;
    }

    /** Per-attempt limit on waiting for a response (default 120 s). */
    public Builder timeout(Duration timeout) {
      Preconditions.checkArgument(timeout.toMillis() > 0, "timeout must be positive: %s", timeout);
      this.timeout = timeout;
      return this;
    }

    /** Limit on opening a connection (default 10 s). */
    public Builder connectTimeout(Duration connectTimeout) {
      Preconditions.checkArgument(connectTimeout.toMillis() > 0, "connect timeout must be positive: %s",
          connectTimeout);
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** Retries after the first attempt for retryable failures (default 3; 0 disables retries). */
    public Builder maxRetries(int maxRetries) {
      Preconditions.checkArgument(maxRetries >= 0, "maxRetries must be >= 0: %s", maxRetries);
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * First back-off (default 500 ms), doubled per retry up to {@code max} (default 30 s), which also caps Retry-After.
     */
    public Builder backoff(Duration initial, Duration max) {
      Preconditions.checkArgument(!initial.isNegative() && initial.compareTo(max) <= 0, "backoff %s..%s", initial, max);
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /** Sampling temperature (default 0: the judge's most likely answer). */
    public Builder temperature(double temperature) {
      Preconditions.checkArgument(temperature >= 0, "temperature must be >= 0: %s", temperature);
      this.temperature = temperature;
      return this;
    }

    /** Upper bound on answer length in tokens (default 1024). */
    public Builder maxTokens(int maxTokens) {
      Preconditions.checkArgument(maxTokens > 0, "maxTokens must be positive: %s", maxTokens);
      this.maxTokens = maxTokens;
      return this;
    }

    /** Most requests in flight at once across all threads (default 8). */
    public Builder maxConcurrency(int maxConcurrency) {
      Preconditions.checkArgument(maxConcurrency > 0, "maxConcurrency must be positive: %s", maxConcurrency);
      this.maxConcurrency = maxConcurrency;
      return this;
    }

    /** Seed of the back-off jitter (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** How to wait between attempts (default {@link Thread#sleep}). */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Preconditions.checkNotNull(sleeper, "sleeper");
      return this;
    }

    public JudgeClient build() {
      return new JudgeClient(this);
    }
  }
}
