package dev.align4j.core.report;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * A line chart to render as PNG: one or more named series over a shared x axis (usually the training step).
 *
 * @param width pixels
 * @param height pixels
 */
public record LineChart(String title, String xLabel, String yLabel, List<Series> series, int width, int height) {
  /** Default size of a chart in a report. */
  public static final int WIDTH = 640;
  public static final int HEIGHT = 360;

  public LineChart {
    Preconditions.checkArgument(width >= 100 && height >= 100, "chart of at least 100x100, not %sx%s", width, height);
    series = List.copyOf(series);
  }

  /** A chart of the default size. */
  public static LineChart of(String title, String xLabel, String yLabel, List<Series> series) {
    return new LineChart(title, xLabel, yLabel, series, WIDTH, HEIGHT);
  }

  /** The same chart at another size. */
  public LineChart withSize(int newWidth, int newHeight) {
    return new LineChart(title, xLabel, yLabel, series, newWidth, newHeight);
  }

  /** One line: {@code y[i]} at {@code x[i]}. */
  public record Series(String name, double[] x, double[] y) {
    public Series {
      Preconditions.checkArgument(x.length == y.length, "series '%s': %s x values for %s y values", name, x.length,
          y.length);
      x = x.clone();
      y = y.clone();
    }

    @Override
    public double[] x() {
      return x.clone();
    }

    @Override
    public double[] y() {
      return y.clone();
    }

    /** Number of points. */
    public int size() {
      return x.length;
    }

    /**
     * An exponential moving average of y ({@code s = alpha y + (1 - alpha) s}, started at the first y), to
     * read a noisy loss curve; the name gets an {@code (EMA)} suffix.
     */
    public Series smoothed(double alpha) {
      Preconditions.checkArgument(alpha > 0 && alpha <= 1, "alpha in (0, 1], not %s", alpha);
      double[] s = new double[y.length];
      for (int i = 0; i < y.length; i++) s[i] = i == 0 ? y[0] : alpha * y[i] + (1 - alpha) * s[i - 1];
      return new Series(name + " (EMA)", x, s);
    }
  }
}
