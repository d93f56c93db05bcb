package dev.align4j.rewards.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.align4j.core.media.Image;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An in-process chat-completions server on 127.0.0.1: replies come from a script (first) or a responder, and it
 * records every request and the most requests it saw in flight at once.
 */
final class FakeChatServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One HTTP reply, sent after {@code delayMs}. */
  record Reply(int status, String body, Map<String, String> headers, long delayMs) {
    Reply delayed(long ms) {
      return new Reply(status, body, headers, ms);
    }
  }

  /** A request as received. */
  record Received(String path, Map<String, List<String>> headers, String body, JsonNode json) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0))
          .findFirst().orElse(null);
    }

    /** The user message's content parts. */
    JsonNode content() {
      return json.path("messages").path(0).path("content");
    }

    String text() {
      StringBuilder s = new StringBuilder();
      content().forEach(p -> s.append(p.path("text").asText("")));
      return s.toString();
    }

    List<Image> images() {
      List<Image> out = new ArrayList<>();
      content().forEach(p -> {
        if (p.path("type").asText().equals("image_url"))
            out.add(ImageDataUrl.decode(p.path("image_url").path("url").asText()));
      });
      return out;
    }
  }

  static Reply answer(String text) {
    var body = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion");
    body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop")
        .putObject("message").put("role", "assistant").put("content", text);
    return new Reply(200, body.toString(), Map.of("Content-Type", "application/json"), 0);
  }

  static Reply raw(int status, String body, Map<String, String> headers) {
    return new Reply(status, body, headers, 0);
  }

  static Reply status(int status) {
    return raw(status, "{\"error\":{\"message\":\"status " + status + "\"}}", Map.of());
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private volatile Function<Received, Reply> responder = r -> answer("Image 1 is better.");

  FakeChatServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** The OpenAI-style base URL, ending in /v1. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  FakeChatServer then(Reply... replies) {
    script.addAll(List.of(replies));
    return this;
  }

  FakeChatServer respond(Function<Received, Reply> responder) {
    this.responder = responder;
    return this;
  }

  List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  int maxInFlight() {
    return maxInFlight.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    boolean counted = true;
    try (ex) {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      JsonNode json;
      try {
        json = JSON.readTree(body);
      } catch (IOException e) {
        json = null;
      }
      Received r = new Received(ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()), body, json);
      received.add(r);
      Reply reply = !r.path().equals("/v1/chat/completions") ? status(404)
          : script.isEmpty() ? responder.apply(r) : script.poll();
      if (reply.delayMs() > 0) Thread.sleep(reply.delayMs());
      // Leave the count before answering, so the client (which frees its permit on receipt) is never behind us.
      inFlight.decrementAndGet();
      counted = false;
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(bytes);
        }
      }
    } catch (InterruptedException | IOException e) {
      // the client gave up (timeout) or the server is stopping
    } finally {
      if (counted) inFlight.decrementAndGet();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
