package dev.align4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.terms.TermsJson;
import dev.align4j.core.util.UserError;
import dev.align4j.losses.InvalidLossException;
import dev.align4j.losses.LossOutput;
import dev.align4j.losses.LossRegistry;
import dev.align4j.losses.LossSpec;
import dev.align4j.losses.Need;
import dev.align4j.losses.ParamSpec;
import dev.align4j.losses.PreferenceLoss;
import dev.align4j.losses.PreferenceTerms;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code align4j losses list|eval}: the loss library from the command line. */
@Command(name = "losses", mixinStandardHelpOptions = true, description = "List and evaluate preference losses.",
    subcommands = {LossesCommand.ListLosses.class, LossesCommand.Eval.class})
final class LossesCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Print every loss with its hyper-parameters, defaults and source.")
  static final class ListLosses implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      List<LossSpec> specs = LossRegistry.specs();
      out.printf("%d losses. Parameters are name=default [valid range]; set them with --param name=value.%n%n",
          specs.size());
      List<String> shared = null;
      for (LossSpec s : specs) {
        out.printf("%s  (%s)%n    %s%n    source: %s%n", s.name(), s.family().label, s.summary(), s.source());
        List<String> own = new ArrayList<>();
        List<String> modifiers = new ArrayList<>();
        for (ParamSpec p : s.params()) {
          String text = p.name() + "=" + ParamSpec.display(p.defaultValue()) + " " + bracket(p.rangeText());
          (isModifier(s, p) ? modifiers : own).add(text);
        }
        out.printf("    params: %s%n%n", own.isEmpty() ? "none" : String.join(", ", own));
        if (!modifiers.isEmpty()) shared = modifiers;
      }
      if (shared != null) {
        out.printf("Every paired language-model loss also takes: %s%n", String.join(", ", shared));
        out.println("(use_weighting: WPO; ld_alpha: LD-DPO; rpo_alpha: RPO's added NLL term)");
      }
      out.println("Combine losses TRL-style: --loss sigmoid,sft --loss-weights 1,0.5");
      out.flush();
    }

    /** The shared language-model modifiers; a diffusion loss's own parameter of the same name is its own. */
    private static boolean isModifier(LossSpec s, ParamSpec p) {
      if (s.family() == LossSpec.Family.DIFFUSION) return false;
      return switch (p.name()) {
        case "use_weighting", "ld_alpha", "ld_alpha_reference", "rpo_alpha" -> true;
        default -> false;
      };
    }

    private static String bracket(String range) {
      return range.startsWith("[") || range.startsWith("(") ? range : "{" + range + "}";
    }
  }

  @Command(name = "eval", mixinStandardHelpOptions = true,
      description = "Evaluate a loss on a JSONL file treated as one batch; prints one JSON object.")
  static final class Eval implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--loss", required = true, split = ",", paramLabel = "NAME",
        description = "loss name, or several separated by commas (a TRL-style combination)")
    List<String> losses;

    @Option(names = "--loss-weights", split = ",", paramLabel = "W", description = "weights of combined losses")
    List<Double> weights;

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "hyper-parameter, repeatable")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--input", required = true, paramLabel = "FILE.jsonl", description = "one example per line")
    Path input;

    @Option(names = "--dtype", defaultValue = "float64", paramLabel = "TYPE",
        description = "float64 (default) or float32")
    String dtype;

    @Override
    public void run() {
      DataType type = switch (dtype) {
        case "float64" -> DataType.FLOAT64;
        case "float32" -> DataType.FLOAT32;
        default -> throw new UserError("--dtype must be float64 or float32, got '" + dtype + "'");
      };
      PreferenceLoss loss = LossRegistry.create(losses, weights, params);
      List<TermsJson.ExampleRowView> rows = TermsJson.readFile(input);
      ObjectMapper json = new ObjectMapper();
      ObjectNode result = json.createObjectNode();
      try (NDManager m = NDManager.newBaseManager()) {
        boolean unpaired = loss.needs().contains(Need.LABELS);
        PreferenceTerms terms = TermsJson.toTerms(input.toString(), rows, m, type, unpaired);
        LossOutput out;
        try {
          out = loss.compute(terms);
        } catch (InvalidLossException e) {
          // The loss checks its inputs first ("loss 'tdpo1' needs chosen_tokens/rejected_tokens"): name the file.
          throw new UserError(input + ": " + e.getMessage(), e);
        }
        double value = out.loss().toType(DataType.FLOAT64, false).getDouble();
        if (!Double.isFinite(value)) {
          throw new UserError(input + ": the loss is " + value + " (inputs too large for --dtype " + dtype + "?)");
        }
        result.put("loss", value);
        ArrayNode perExample = result.putArray("per_example");
        for (double v : out.perExample().toType(DataType.FLOAT64, false).toDoubleArray()) perExample.add(v);
        ObjectNode metrics = result.putObject("metrics");
        for (Map.Entry<String, NDArray> e : new TreeMap<>(out.metrics()).entrySet()) {  // stable key order
          metrics.put(e.getKey(), e.getValue().toType(DataType.FLOAT64, false).getDouble());
        }
      } catch (IllegalStateException e) {
        if (e.getMessage() == null) throw e;
        throw new UserError(input + ": " + e.getMessage(), e);
      }
      PrintWriter w = spec.commandLine().getOut();
      w.println(result.toString());
      w.flush();
    }
  }
}
