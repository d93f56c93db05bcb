package dev.align4j.rewards.service;

/**
 * A request the service answers with an error: the HTTP status, a short machine-readable kind (the
 * {@code kind} label of {@code align4j_http_errors_total}) and a one-line message for the client.
 */
final class ApiException extends RuntimeException {
  private final int status;
  private final String kind;

  ApiException(int status, String kind, String message) {
    super(message, null, false, false);
    this.status = status;
    this.kind = kind;
  }

  int status() {
    return status;
  }

  String kind() {
    return kind;
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, "bad_request", message);
  }

  static ApiException tooLarge(String message) {
    return new ApiException(413, "too_large", message);
  }

  static ApiException shuttingDown() {
    return new ApiException(503, "shutting_down", "the scoring service is shutting down");
  }
}
