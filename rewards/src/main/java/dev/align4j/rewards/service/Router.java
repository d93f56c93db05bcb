package dev.align4j.rewards.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each request to its endpoint by exact path and method (404 / 405 otherwise), turns failures into JSON
 * errors, refuses requests once shutdown began, and records every answer in the metrics.
 */
final class Router implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);

  /** Serves one request. Throws {@link ApiException} for an error answer. */
  interface Endpoint {
    Reply handle(HttpExchange exchange) throws IOException;
  }

  private record Route(String method, Endpoint endpoint) {}

  private final Map<String, Route> routes = new LinkedHashMap<>();
  private final InFlight inFlight;
  private final ServiceMetrics metrics;

  Router(InFlight inFlight, ServiceMetrics metrics) {
    this.inFlight = inFlight;
    this.metrics = metrics;
  }

  Router route(String method, String path, Endpoint endpoint) {
    routes.put(path, new Route(method, endpoint));
    return this;
  }

  @Override
  public void handle(HttpExchange exchange) {
    long start = System.nanoTime();
    String path = exchange.getRequestURI().getPath();
    Route route = routes.get(path);
    String label = route == null ? "other" : path;
    boolean admitted = inFlight.enter();
    int status = 500;
    try {
      Reply reply = admitted ? dispatch(route, path, exchange, label) : refuse(label, ApiException.shuttingDown());
      status = reply.status();
      send(exchange, reply);
    } catch (IOException e) {
      LOG.debug("{} {}: client went away: {}", exchange.getRequestMethod(), path, e.toString());
    } finally {
      exchange.close();
      if (admitted) inFlight.exit();
      metrics.request(label, status, System.nanoTime() - start);
    }
  }

  private Reply dispatch(Route route, String path, HttpExchange exchange, String label) throws IOException {
    try {
      if (route == null) {
        throw new ApiException(404, "not_found", "no endpoint at " + path + " (try GET /v1/models)");
      }
      String method = exchange.getRequestMethod();
      if (!route.method.equals(method)) {
        ApiException e = new ApiException(405, "method_not_allowed",
            method + " is not allowed on " + path + "; use " + route.method);
        return refuse(label, e).withHeaders(Map.of("Allow", route.method));
      }
      return route.endpoint.handle(exchange);
    } catch (ApiException e) {
      return refuse(label, e);
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", exchange.getRequestMethod(), path, e);
      return refuse(label, new ApiException(500, "internal", "internal error: " + e));
    }
  }

  private Reply refuse(String label, ApiException e) {
    metrics.error(label, e.kind());
    return Reply.error(e);
  }

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", reply.contentType());
    reply.headers().forEach(exchange.getResponseHeaders()::set);
    byte[] body = reply.body();
    exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
