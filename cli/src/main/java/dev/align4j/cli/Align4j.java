package dev.align4j.cli;

import dev.align4j.core.util.CrashLog;
import dev.align4j.core.util.GracefulStop;
import dev.align4j.core.util.UserError;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one {@code align4j} command. */
@Command(name = "align4j", mixinStandardHelpOptions = true, versionProvider = Align4j.Version.class,
    description = "Preference tuning of multimodal generative models on the JVM.",
    subcommands = {DemoCommand.class, TrainCommand.class, RewardsCommand.class, ServeCommand.class, ScoreCommand.class,
        PairsCommand.class, BenchCommand.class,
        LossesCommand.class, MethodsCommand.class,
        DataCommand.class, TokenizerCommand.class, SparkCommand.class,
        CommandLine.HelpCommand.class})
public final class Align4j implements Runnable {
  /** The exit code of a run stopped by SIGTERM, as the JVM's own (128 + 15). */
  static final int STOPPED_EXIT_CODE = 143;

  static {
    // Natives come from Maven; DJL must never try its download site. Keep library chatter off the console.
    System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
        System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
    System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
  }

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line and returns the exit code: 0 success, 2 a user's mistake, 1 our bug. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Align4j());
    TrainCommand.addProviders(cli.getSubcommands().get("train"));
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionStrategy(Align4j::runStoppable);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if ((e instanceof UserError || e instanceof dev.align4j.losses.InvalidLossException) && e.getMessage() != null) {
        err.println("align4j: error: " + oneLine(e.getMessage()));
        err.flush();
        return UserError.EXIT_CODE;
      }
      throw e;
    });
    cli.setParameterExceptionHandler(Align4j::usageError);
    try {
      return cli.execute(args);
    } catch (OutOfMemoryError e) {
      // One line instead of a stack trace: the heap is a setting, and the fix is the user's to choose.
      err.printf("align4j: error: out of memory (Java heap, at most %d MB): ask for less at once (fewer rows, "
          + "smaller images or batches) or give the JVM more, e.g. ALIGN4J_JAVA_OPTS=-Xmx16g%n",
          Runtime.getRuntime().maxMemory() >> 20);
      err.flush();
      return 1;
    }
  }

  /**
   * Runs the command as a {@link GracefulStop} stretch, so that SIGTERM or Ctrl-C ends libtorch work at its
   * next step instead of tearing libtorch down under it; {@code serve} stops through its own hook. Fatal-error
   * log links of runs that did not crash are removed afterwards ({@link CrashLog}).
   */
  private static int runStoppable(CommandLine.ParseResult parse) {
    CommandLine.ParseResult leaf = parse;
    while (leaf.subcommand() != null) leaf = leaf.subcommand();
    boolean serving = leaf.commandSpec().userObject() instanceof ServeCommand;
    try (GracefulStop.Work work = serving ? null : GracefulStop.begin()) {
      try {
        return new CommandLine.RunLast().execute(parse);
      } catch (CommandLine.ExecutionException e) {
        if (!(e.getCause() instanceof GracefulStop.Stopped stop)) throw e;
        // Said before the work closes: closing it parks this thread until the JVM has exited.
        PrintWriter err = parse.commandSpec().commandLine().getErr();
        err.println("align4j: " + oneLine(stop.getMessage()));
        err.flush();
        return STOPPED_EXIT_CODE;
      } finally {
        CrashLog.removeLinks();
      }
    }
  }

  /**
   * A mistake on the command line (unknown option, missing value): one line naming it and where to find
   * help, instead of picocli's full usage text.
   */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    String message = oneLine(e.getMessage());
    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
        && !u.getUnmatched().get(0).startsWith("-")) {
      String arg = u.getUnmatched().get(0);
      message = cmd.getSubcommands().isEmpty() ? "unexpected argument '" + arg + "'" : "unknown command '" + arg + "'";
    }
    StringBuilder line = new StringBuilder("align4j: error: ").append(message);
    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
      line.append("; did you mean ").append(String.join(" or ", u.getSuggestions().stream()
          .map(s -> "'" + s + "'").toList())).append('?');
    }
    line.append(" (see '").append(cmd.getCommandSpec().qualifiedName()).append(" --help')");
    err.println(line);
    err.flush();
    return UserError.EXIT_CODE;
  }

  /** Messages go out as one line whatever they contain. */
  static String oneLine(String message) {
    return message.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** The version from the jar's manifest, or "dev" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Align4j.class.getPackage().getImplementationVersion();
      return new String[] {"align4j " + (v == null ? "dev" : v)};
    }
  }
}
