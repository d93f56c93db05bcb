package dev.align4j.cli;

import dev.align4j.core.util.UserError;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code align4j bench jmh [-- JMH options]}: the JMH microbenchmarks in the CLI jar (package
 * {@code dev.align4j.benchmarks.jmh}), forked JVMs and all. Everything after {@code --} goes to JMH.
 */
@Command(name = "jmh", mixinStandardHelpOptions = true,
    description = {"JMH microbenchmarks: CLIP preprocessing, preference losses. Pass JMH's options after --,",
        "e.g. 'bench jmh -- -f 1 -wi 2 -i 3 -w 1s -r 1s LossBenchmark' ('-- -l' lists them, '-- -h' for help)."})
final class BenchJmhCommand implements Runnable {
  @Parameters(arity = "0..*", paramLabel = "JMH_ARG", description = "JMH options and benchmark patterns")
  List<String> args = new ArrayList<>();

  @Override
  public void run() {
    CommandLineOptions options;
    try {
      options = new CommandLineOptions(args.toArray(String[]::new));
    } catch (CommandLineOptionException e) {
      throw new UserError("jmh: " + e.getMessage());
    }
    try {
      if (options.shouldHelp()) {
        options.showHelp();
      } else if (options.shouldList() || options.shouldListWithParams()) {
        new Runner(options).list();
      } else {
        new Runner(options).run();
      }
    } catch (RunnerException e) {
      throw new UserError("jmh: " + e.getMessage(), e);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
