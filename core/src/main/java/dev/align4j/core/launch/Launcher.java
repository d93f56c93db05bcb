package dev.align4j.core.launch;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.config.RunConfig;
import dev.align4j.core.config.TrainableConfig;
import dev.align4j.core.train.Devices;
import dev.align4j.core.train.NamedParameter;
import dev.align4j.core.train.PolicyModel;
import dev.align4j.core.train.Progress;
import dev.align4j.core.train.Reference;
import dev.align4j.core.train.Trainer;
import dev.align4j.core.util.UserError;
import dev.align4j.losses.PreferenceLoss;
import dev.align4j.losses.Suggestions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The one launcher: binds the shared config sections, lets the {@link ModalityProvider} load its model and
 * data, then selects what trains (full / LoRA / filter), builds the reference (frozen copy, adapters
 * disabled, precomputed; TR-DPO sync), prints the banner and trains, fresh or resumed.
 */
public final class Launcher {
  private Launcher() {}

  /**
   * A run to launch.
   *
   * @param tree the config tree, {@code --set} overrides applied
   * @param source the config's name in messages
   * @param baseDir where relative paths in the config resolve
   * @param output the run directory
   * @param resume a checkpoint directory to continue from, or null
   * @param options the provider's command-line options by name
   */
  public record Request(ObjectNode tree, String source, Path baseDir, Path output, Path resume, PrintStream out,
      Map<String, String> options) {
    public Request(ObjectNode tree, String source, Path baseDir, Path output, Path resume, PrintStream out) {
      this(tree, source, baseDir, output, resume, out, Map.of());
    }
  }

  /** What a run ended with: the engine's result and what the modality produced beyond it. */
  public record Outcome(Trainer.Result training, Object product) {}

  /** Every provider on the class path, by name. */
  public static List<ModalityProvider> providers() {
    List<ModalityProvider> found = new ArrayList<>();
    Iterator<ModalityProvider> it = ServiceLoader.load(ModalityProvider.class).iterator();
    while (it.hasNext()) found.add(it.next());
    found.sort(Comparator.comparing(ModalityProvider::name));
    return found;
  }

  /** The provider of this name, if one is on the class path. */
  public static Optional<ModalityProvider> provider(String name) {
    return providers().stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** Binds the shared sections of {@code tree} for {@code provider}; unknown top-level keys are an error. */
  public static RunConfig bind(ModalityProvider provider, ObjectNode tree, String source) {
    Set<String> shared = new LinkedHashSet<>(provider.sharedSections());
    shared.add("modality");
    Set<String> known = new LinkedHashSet<>(shared);
    known.addAll(provider.sections());
    ObjectNode sharedTree = JsonNodeFactory.instance.objectNode();
    for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        String near = Suggestions.didYouMean(key, List.copyOf(known));
        throw new UserError(source + ": unknown config key '" + key + "'"
            + (near.isEmpty() ? " (valid: " + String.join(", ", known) + ")" : near));
      }
      if (shared.contains(key) && !provider.sections().contains(key)) sharedTree.set(key, tree.get(key));
    }
    RunConfig cfg = ConfigLoader.bind(sharedTree, RunConfig.class, source, "");
    if (cfg.modality() != null && !cfg.modality().equals(provider.name())) {
      throw new UserError(source + ": modality is '" + cfg.modality() + "', but this is 'train " + provider.name()
          + "'");
    }
    return cfg.resolved(provider.name(), provider.defaultLoss());
  }

  /** A config bound without loading anything: the shared sections and the modality's own. */
  public record Checked(RunConfig shared, Object sections) {}

  /**
   * Binds {@code tree} as {@link #launch} would, loading nothing: unknown keys and bad values are the same
   * {@code UserError}s. For checking configs (examples, editors).
   */
  public static Checked check(ModalityProvider provider, ObjectNode tree, String source, Path baseDir) {
    RunConfig cfg = bind(provider, tree, source);
    LaunchContext ctx = new LaunchContext(cfg, tree, provider.sections(), source, baseDir, null, null, System.out,
        Map.of(), Device.cpu());
    provider.loss(ctx);
    return new Checked(cfg, provider.bindSections(ctx));
  }

  /** Binds, loads, trains; returns what the run produced. */
  public static Outcome launch(ModalityProvider provider, Request request) {
    RunConfig cfg = bind(provider, request.tree(), request.source());
    Device device = Devices.resolve(cfg.trainer().device());
    LaunchContext ctx = new LaunchContext(cfg, request.tree(), provider.sections(), request.source(),
        request.baseDir(), request.output(), request.resume(), request.out(), request.options(), device);
    PreferenceLoss loss = provider.loss(ctx);
    try (NDManager root = NDManager.newBaseManager(device);
        ModalityRun<?, ?> run = provider.open(ctx, loss, root)) {
      return train(provider, ctx, run, loss, root);
    }
  }

  private static <E, M extends PolicyModel> Outcome train(ModalityProvider provider, LaunchContext ctx,
      ModalityRun<E, M> run, PreferenceLoss loss, NDManager root) {
    RunConfig cfg = ctx.config();
    M policy = run.policy();
    boolean lora = cfg.trainable().mode().equals("lora");
    if (lora) run.applyLora(cfg.trainable(), cfg.trainer().seed());
    List<NamedParameter> trainable = trainable(policy, cfg.trainable(), run);
    Reference<M> reference = reference(cfg, run, loss, lora);
    try {
      boolean sync = cfg.reference().syncRefModel();
      if (sync && reference == null) {
        throw new UserError("config: reference.sync_ref_model moves a reference model, but loss " + loss.name()
            + " uses none");
      }
      run.beforeTraining(ctx);
      int total = cfg.trainer().totalSteps(run.train().size());
      PrintStream out = ctx.out();
      out.printf("%s on %s: %s%d train / %d eval %s, %s, %d trainable tensors (%s), reference %s, %d steps -> %s%n",
          run.subject(), ctx.device(), run.bannerDetail(), run.train().size(), run.eval().size(), run.unit(),
          run.lossLabel(loss), trainable.size(), cfg.trainable().mode(),
          reference == null ? "none" : reference.mode().toString().toLowerCase(), total, ctx.output());
      Trainer.Builder<E, M> trainer = Trainer.preference(cfg.trainer(), run.modality(), loss, policy)
          .reference(reference).trainable(trainable).data(run.train(), run.eval()).runDir(ctx.output())
          .configYaml(configYaml(provider, cfg, run)).optimizerManager(root);
      if (sync) trainer.referenceSync(cfg.reference().refModelSyncSteps(), cfg.reference().refModelMixupAlpha());
      run.listeners().forEach(trainer::listener);
      Progress progress = new Progress(out, out == System.out && System.console() != null, 0, total);
      Trainer.Result result = trainer.build().train(ctx.resume(), progress);
      return new Outcome(result, run.finish(ctx, result));
    } finally {
      if (reference != null) reference.close();
    }
  }

  /** Marks what trains (the mode's parameters and the run's always-trained ones) and returns them. */
  private static List<NamedParameter> trainable(PolicyModel policy, TrainableConfig cfg, ModalityRun<?, ?> run) {
    Predicate<String> trains = name -> run.alwaysTrains(name) || cfg.trains(name);
    List<NamedParameter> trainable = new ArrayList<>();
    for (NamedParameter p : policy.parameters()) {
      if (trains.test(p.name())) trainable.add(p);
    }
    if (trainable.isEmpty()) throw new UserError("no trainable parameters (check trainable.mode / filter)");
    run.selectTrainable(trains);
    return trainable;
  }

  private static <E, M extends PolicyModel> Reference<M> reference(RunConfig cfg, ModalityRun<E, M> run,
      PreferenceLoss loss, boolean lora) {
    if (!run.needsReference(loss)) return null;
    return switch (cfg.reference().resolvedMode(lora)) {
      case "adapters_disabled" -> Reference.adaptersDisabled(run.policy());
      case "precomputed" -> run.precomputedReference(loss);
      default -> Reference.frozenCopy(run.policy());
    };
  }

  /** {@code config.yaml}: every setting the run used, defaults included, the modality's sections first. */
  private static String configYaml(ModalityProvider provider, RunConfig cfg, ModalityRun<?, ?> run) {
    ObjectNode shared = ConfigLoader.YAML.valueToTree(cfg);
    ObjectNode own = run.resolvedSections() == null ? JsonNodeFactory.instance.objectNode()
        : ConfigLoader.YAML.valueToTree(run.resolvedSections());
    ObjectNode resolved = JsonNodeFactory.instance.objectNode();
    resolved.set("modality", shared.get("modality"));
    for (String s : provider.sections()) {
      if (own.has(s) && !own.get(s).isNull()) resolved.set(s, own.get(s));
    }
    for (String s : provider.sharedSections()) {
      if (shared.has(s) && !resolved.has(s)) resolved.set(s, shared.get(s));
    }
    return ConfigLoader.toYaml(resolved);
  }
}
