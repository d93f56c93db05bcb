package dev.align4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.launch.Launcher;
import dev.align4j.core.launch.ModalityProvider;
import dev.align4j.core.train.Checkpoint;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code align4j train <modality>}: one subcommand per {@link ModalityProvider} found on the class path
 * ({@link #addProviders}), one launcher behind them.
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Preference-tune a model.")
final class TrainCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Adds {@code train <name>} for every provider found, in name order. */
  static void addProviders(CommandLine train) {
    for (ModalityProvider p : Launcher.providers()) {
      CommandLine sub = new CommandLine(new ProviderCommand(p));
      CommandLine.Model.CommandSpec s = sub.getCommandSpec();
      s.name(p.name());
      s.usageMessage().description(p.description());
      for (ModalityProvider.Option o : p.options()) {
        s.addOption(OptionSpec.builder("--" + o.name()).paramLabel(o.paramLabel()).type(String.class)
            .description(o.description()).build());
      }
      train.addSubcommand(p.name(), sub);
    }
  }

  /** Options every modality's launcher takes. */
  static class RunOptions {
    @Option(names = "--config", required = true, paramLabel = "FILE.yaml", description = "the run's YAML config")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
        description = "override a config key, e.g. trainer.max_steps=50")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--output", paramLabel = "DIR", description = "run directory (default runs/<modality>-<time>)")
    Path output;

    @Option(names = "--resume", paramLabel = "DIR", description = "continue a run from its latest checkpoint "
        + "(a run directory) or from a given checkpoint directory")
    Path resume;

    /** The YAML tree with overrides applied. */
    ObjectNode tree() {
      ObjectNode root = ConfigLoader.read(config);
      ConfigLoader.override(root, overrides);
      return root;
    }

    Path runDir(String modality) {
      if (resume != null) return output != null ? output : runDirOf(resume);
      if (output != null) return output;
      return Path.of("runs", modality + "-"
          + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /** The launcher's request for this command line. */
    Launcher.Request request(ObjectNode tree, Path runDir, Map<String, String> providerOptions) {
      Path checkpoint = resume == null ? null : Checkpoint.resolve(resume);
      return new Launcher.Request(tree, config.toString(), config.toAbsolutePath().getParent(), runDir, checkpoint,
          System.out, providerOptions);
    }

    private static Path runDirOf(Path resume) {
      Path checkpoint = Checkpoint.resolve(resume);
      // runs/x/checkpoints/step-N -> runs/x
      return checkpoint.getParent() != null && checkpoint.getParent().getFileName().toString().equals("checkpoints")
          ? checkpoint.getParent().getParent() : resume;
    }
  }

  /** {@code train <name>}: binds, launches and prints the provider's summary and the run directory. */
  @Command(mixinStandardHelpOptions = true)
  static final class ProviderCommand implements Runnable {
    private final ModalityProvider provider;
    @CommandLine.Mixin RunOptions options = new RunOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    ProviderCommand(ModalityProvider provider) {
      this.provider = provider;
    }

    @Override
    public void run() {
      Map<String, String> extra = new LinkedHashMap<>();
      for (ModalityProvider.Option o : provider.options()) {
        String value = spec.findOption("--" + o.name()).getValue();
        if (value != null) extra.put(o.name(), value);
      }
      Path runDir = options.runDir(provider.name());
      Launcher.Outcome outcome = Launcher.launch(provider, options.request(options.tree(), runDir, extra));
      PrintStream out = System.out;
      provider.summary(outcome).forEach(out::println);
      out.println("run directory: " + runDir + " (" + provider.outputs() + ")");
    }
  }
}
