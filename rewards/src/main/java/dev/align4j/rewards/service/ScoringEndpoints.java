package dev.align4j.rewards.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.align4j.core.media.Image;
import dev.align4j.losses.Suggestions;
import dev.align4j.rewards.RewardModel.Comparison;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code POST /v1/score} and {@code POST /v1/compare}: parse, decode, queue on the model's batcher, answer. */
final class ScoringEndpoints {
  private final Map<String, MicroBatcher> batchers;
  private final JsonBody body;
  private final ImageDecoding decoder;
  private final int maxImages;
  private final long timeoutMs;

  ScoringEndpoints(Map<String, MicroBatcher> batchers, JsonBody body, ImageDecoding decoder, int maxImages,
                   long timeoutMs) {
    this.batchers = batchers;
    this.body = body;
    this.decoder = decoder;
    this.maxImages = maxImages;
    this.timeoutMs = timeoutMs;
  }

  /** {@code {"reward", "prompt", "images"}} to {@code {"reward": NAME, "scores": [...]}}. */
  Reply score(HttpExchange exchange) throws IOException {
    ScoreRequest request = ScoreRequest.from(body.read(exchange), maxImages);
    MicroBatcher batcher = batcher(request.reward());
    List<Image> images = ImageField.decodeAll(request.images(), decoder);
    float[] scores = await(batcher.score(request.prompt(), images), request.reward());
    ObjectNode out = Reply.JSON.createObjectNode().put("reward", request.reward());
    ArrayNode array = out.putArray("scores");
    for (float s : scores) array.add(s);
    return Reply.json(200, out);
  }

  /** Two images to {@code {"reward", "probabilities": [pA, pB], "preferred": 0|1}}. */
  Reply compare(HttpExchange exchange) throws IOException {
    ScoreRequest request = ScoreRequest.from(body.read(exchange), maxImages);
    if (request.images().size() != 2) {
      throw ApiException.badRequest("field 'images' must hold exactly 2 images to compare, not "
          + request.images().size());
    }
    MicroBatcher batcher = batcher(request.reward());
    List<Image> images = ImageField.decodeAll(request.images(), decoder);
    Comparison c = await(batcher.compare(request.prompt(), images.get(0), images.get(1)), request.reward());
    ObjectNode out = Reply.JSON.createObjectNode().put("reward", request.reward());
    out.putArray("probabilities").add(c.probabilities()[0]).add(c.probabilities()[1]);
    out.put("preferred", c.preferred());
    return Reply.json(200, out);
  }

  private MicroBatcher batcher(String reward) {
    MicroBatcher batcher = batchers.get(reward);
    if (batcher != null) return batcher;
    throw new ApiException(400, "unknown_reward", "unknown reward '" + reward + "'"
        + Suggestions.didYouMean(reward, batchers.keySet()) + " (served: "
        + String.join(", ", batchers.keySet().stream().sorted().toList()) + ")");
  }

  private <T> T await(CompletableFuture<T> future, String reward) {
    try {
      return future.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(false); // the batcher skips it if still queued
      throw new ApiException(503, "timeout", "reward '" + reward + "' gave no answer within " + timeoutMs + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ApiException api) throw api;
      String why = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
      throw new ApiException(500, "model_error", "reward '" + reward + "' failed: " + why);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.shuttingDown();
    }
  }
}
