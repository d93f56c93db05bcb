package dev.align4j.core.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Console progress: a bar redrawn in place on a terminal, plain lines (one per logging step) otherwise.
 */
public final class Progress {
  private final PrintStream out;
  private final boolean terminal;
  private final int total;
  private final long startNanos = System.nanoTime();
  private final int startStep;

  public Progress(PrintStream out, boolean terminal, int startStep, int total) {
    this.out = out;
    this.terminal = terminal;
    this.startStep = startStep;
    this.total = total;
  }

  /** A progress that writes to stdout, as a bar when stdout is a terminal. */
  public static Progress console(int startStep, int total) {
    return new Progress(System.out, System.console() != null, startStep, total);
  }

  /** Reports after {@code step} steps; {@code logged} marks steps whose metrics were just logged. */
  public void update(int step, double loss, double accuracy, boolean logged) {
    if (!terminal && !logged) return;
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double rate = (step - startStep) / Math.max(seconds, 1e-9);
    long eta = rate > 0 ? Math.round((total - step) / rate) : 0;
    String text = String.format(Locale.ROOT, "step %d/%d | %.2f it/s | ETA %d:%02d | loss %.4f", step, total, rate,
        eta / 60, eta % 60, loss) + (Double.isNaN(accuracy) ? "" : String.format(Locale.ROOT, " | acc %.2f", accuracy));
    if (terminal) {
      int width = 24;
      int filled = (int) Math.round(width * (double) step / total);
      out.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + text);
      if (step == total) out.println();
    } else {
      out.println(text);
    }
    out.flush();
  }

  /** A message on its own line (the bar, if any, is redrawn by the next update). */
  public void message(String text) {
    if (terminal) out.print("\r");
    out.println(text);
    out.flush();
  }
}
