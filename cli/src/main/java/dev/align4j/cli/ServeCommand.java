package dev.align4j.cli;

import dev.align4j.rewards.RewardRegistry;
import dev.align4j.rewards.Rewards;
import dev.align4j.rewards.service.ScoringService;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code align4j serve}: reward models over HTTP with dynamic micro-batching. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve reward models over HTTP: POST /v1/score, /v1/compare; GET /v1/models, /health, /metrics.")
final class ServeCommand implements Runnable {
  @Option(names = "--reward", split = ",", paramLabel = "NAME",
      description = "models to serve (default: every model in the models directory)")
  List<String> rewards;

  @Option(names = "--port", defaultValue = "8080", description = "port (0 picks a free one; default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--max-batch-size", defaultValue = "32",
      description = "images per model call (default ${DEFAULT-VALUE})")
  int maxBatchSize;

  @Option(names = "--max-wait-ms", defaultValue = "5",
      description = "how long a batch waits to fill (default ${DEFAULT-VALUE})")
  int maxWaitMs;

  @Option(names = "--max-images", defaultValue = "64", description = "images per request (default ${DEFAULT-VALUE})")
  int maxImages;

  @Option(names = "--max-body-mb", defaultValue = "32",
      description = "request body limit in MiB (default ${DEFAULT-VALUE})")
  int maxBodyMb;

  @CommandLine.Mixin RewardModelOptions models = new RewardModelOptions();
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    RewardRegistry registry = models.registry();
    if (rewards == null || rewards.isEmpty()) rewards = registry.names();
    ScoringService service = ScoringService.builder(Rewards.source(registry), Rewards.decoding())
        .models(rewards).host(host).port(port)
        .maxBatchSize(maxBatchSize).maxWaitMs(maxWaitMs).maxImages(maxImages).maxBodyBytes(maxBodyMb << 20)
        .build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "align4j-serve-shutdown"));
    var out = spec.commandLine().getOut();
    out.printf("serving %s on http://%s:%d (POST /v1/score, /v1/compare; GET /v1/models, /health, /metrics); "
        + "Ctrl-C stops after in-flight requests finish%n", String.join(", ", rewards), service.host(), service.port());
    out.flush();
    try {
      service.awaitClose();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      service.close();
    }
  }
}
