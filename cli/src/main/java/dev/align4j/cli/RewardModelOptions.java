package dev.align4j.cli;

import dev.align4j.rewards.RewardRegistry;
import dev.align4j.rewards.Rewards;
import dev.align4j.rewards.onnx.SessionConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where reward models come from and where they run: shared by serve, score and bench. */
final class RewardModelOptions {
  @Option(names = "--models-dir", paramLabel = "DIR",
      description = "registry directory (default: the built-in models/)")
  Path modelsDir;

  @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda[:N] (default ${DEFAULT-VALUE})")
  String device;

  RewardRegistry registry() {
    return Rewards.registry(modelsDir != null ? modelsDir : Rewards.defaultModelsDir(),
        SessionConfig.forDevice(device));
  }
}
