package dev.align4j.video.shapes;

import java.util.function.DoubleUnaryOperator;

/**
 * Least-squares fits of the world's motion laws to a tracked path (times in clip units, positions in frame
 * sides), each giving the RMS distance of the path from the fitted law and the law's strength: the speed of a
 * linear path, the downward acceleration's half ({@code g / 2}) of a fall, the drop height of a bounce.
 */
record LawFit(double rms, double strength) {
  private static final double BOUNCE_STEP = 0.01;

  /** x and y constant (the mean position); strength 0. */
  static LawFit still(double[] t, double[] x, double[] y) {
    return new LawFit(rms(residuals(t, x, s -> 1), residuals(t, y, s -> 1)), 0);
  }

  /** x and y linear in time; strength = speed in sides per clip. */
  static LawFit linear(double[] t, double[] x, double[] y) {
    double[] cx = solve(t, x, s -> 1, s -> s);
    double[] cy = solve(t, y, s -> 1, s -> s);
    return new LawFit(rms(residuals(t, x, cx, s -> 1, s -> s), residuals(t, y, cy, s -> 1, s -> s)),
        Math.hypot(cx[1], cy[1]));
  }

  /** x linear, y quadratic in time; strength = the s^2 coefficient of y ({@code g / 2}; negative: rises). */
  static LawFit falling(double[] t, double[] x, double[] y) {
    double[] cx = solve(t, x, s -> 1, s -> s);
    double[] cy = solve(t, y, s -> 1, s -> s, s -> s * s);
    return new LawFit(rms(residuals(t, x, cx, s -> 1, s -> s), residuals(t, y, cy, s -> 1, s -> s, s -> s * s)),
        cy[2]);
  }

  /**
   * x linear, y = a + c phase(s)^2 for the elastic bounce ({@link Trajectory.Bounce}), its first bounce time
   * searched on a grid over [0.1, 0.9]; strength = the drop height {@code c bounce^2} (negative: upside down).
   */
  static LawFit bouncing(double[] t, double[] x, double[] y) {
    double[] cx = solve(t, x, s -> 1, s -> s);
    double[] rx = residuals(t, x, cx, s -> 1, s -> s);
    LawFit best = null;
    for (int i = 0; 0.1 + i * BOUNCE_STEP <= 0.9 + 1e-9; i++) {
      double bounce = 0.1 + i * BOUNCE_STEP;
      DoubleUnaryOperator curve = s -> Math.pow(Trajectory.Bounce.phase(s, bounce), 2);
      double[] cy = solve(t, y, s -> 1, curve);
      LawFit fit = new LawFit(rms(rx, residuals(t, y, cy, s -> 1, curve)), cy[1] * bounce * bounce);
      if (best == null || fit.rms < best.rms) best = fit;
    }
    return best;
  }

  private static double rms(double[] rx, double[] ry) {
    double sum = 0;
    for (int i = 0; i < rx.length; i++) sum += rx[i] * rx[i] + ry[i] * ry[i];
    return Math.sqrt(sum / rx.length);
  }

  private static double[] residuals(double[] t, double[] v, DoubleUnaryOperator... basis) {
    return residuals(t, v, solve(t, v, basis), basis);
  }

  private static double[] residuals(double[] t, double[] v, double[] coef, DoubleUnaryOperator... basis) {
    double[] r = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      double fit = 0;
      for (int j = 0; j < basis.length; j++) fit += coef[j] * basis[j].applyAsDouble(t[i]);
      r[i] = v[i] - fit;
    }
    return r;
  }

  /**
   * Least-squares coefficients of {@code v} on the basis functions of {@code t}, by the normal equations
   * (at most three unknowns). A singular system (too few distinct times) leaves the dependent coefficients 0.
   */
  static double[] solve(double[] t, double[] v, DoubleUnaryOperator... basis) {
    int n = basis.length;
    double[][] a = new double[n][n + 1];
    for (int i = 0; i < t.length; i++) {
      double[] phi = new double[n];
      for (int j = 0; j < n; j++) phi[j] = basis[j].applyAsDouble(t[i]);
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < n; k++) a[j][k] += phi[j] * phi[k];
        a[j][n] += phi[j] * v[i];
      }
    }
    double[] coef = new double[n];
    int[] pivotOf = new int[n];
    java.util.Arrays.fill(pivotOf, -1);
    int row = 0;
    for (int col = 0; col < n && row < n; col++) {
      int best = row;
      for (int r = row + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[best][col])) best = r;
      if (Math.abs(a[best][col]) < 1e-12) continue;
      double[] tmp = a[row];
      a[row] = a[best];
      a[best] = tmp;
      for (int r = 0; r < n; r++) {
        if (r == row) continue;
        double f = a[r][col] / a[row][col];
        for (int k = col; k <= n; k++) a[r][k] -= f * a[row][k];
      }
      pivotOf[col] = row++;
    }
    for (int col = 0; col < n; col++) if (pivotOf[col] >= 0) coef[col] = a[pivotOf[col]][n] / a[pivotOf[col]][col];
    return coef;
  }
}
