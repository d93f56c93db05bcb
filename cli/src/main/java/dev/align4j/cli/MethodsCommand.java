package dev.align4j.cli;

import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.method.MethodRegistry;
import dev.align4j.core.method.MethodSpec;
import dev.align4j.core.util.UserError;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code align4j methods list|show}: every modality's named methods, found through {@link MethodRegistry}. */
@Command(name = "methods", mixinStandardHelpOptions = true, description = "List the methods of every modality.",
    subcommands = {MethodsCommand.ListMethods.class, MethodsCommand.Show.class})
final class MethodsCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Print every method by modality with its paper and where its settings go.")
  static final class ListMethods implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--modality", paramLabel = "NAME", description = "only this modality's methods")
    String modality;

    @Override
    public void run() {
      Map<String, List<MethodSpec>> byModality = MethodRegistry.load().byModality();
      if (modality != null) {
        if (!byModality.containsKey(modality)) {
          throw new UserError("no methods for modality '" + modality + "' (modalities: "
              + String.join(", ", byModality.keySet()) + ")");
        }
        byModality = Map.of(modality, byModality.get(modality));
      }
      PrintWriter out = spec.commandLine().getOut();
      int n = byModality.values().stream().mapToInt(List::size).sum();
      out.printf("%d methods. A method that is a loss is set in loss: (loss_type); the others have a section of "
          + "their own.%n'align4j methods show NAME' prints a method's section with its defaults.%n", n);
      for (Map.Entry<String, List<MethodSpec>> e : byModality.entrySet()) {
        out.printf("%n%s (%d methods, align4j train %s)%n", e.getKey(), e.getValue().size(), e.getKey());
        for (MethodSpec m : e.getValue()) {
          String where = m.ownSection() ? "  [section " + m.section() + ":, loss " + String.join(", ", m.losses())
              + "]" : "";
          out.printf("  %s  (%s)%s%n      %s%n", m.name(), m.paper(), where, m.summary());
        }
      }
      out.flush();
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Print one method: paper, losses, and its config section with the defaults.")
  static final class Show implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "a method's name, as 'methods list' prints it")
    String name;

    @Override
    public void run() {
      MethodSpec m = MethodRegistry.load().get(name);
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%s (%s): %s%n  %s%n  loss_type: %s%n  its section, with the defaults (train %s --config):%n%n",
          m.name(), m.modality(), m.paper(), m.summary(), String.join(" or ", m.losses()), m.modality());
      Map<String, Object> section = new LinkedHashMap<>();
      section.put(m.section(), m.defaults());
      out.print(ConfigLoader.toYaml(section));
      out.flush();
    }
  }
}
