package dev.align4j.video.shapes;

/**
 * A shape's centre over a clip as an analytic function of clip time {@code s} in [0, 1] (first frame 0, last
 * frame 1). Positions are in units of the frame's shorter side, y down, so a path means the same motion at
 * every resolution and frame count.
 */
public sealed interface Trajectory {
  /** The centre (x, y) at clip time {@code s}. */
  double[] at(double s);

  /** Constant velocity from (x0, y0); a velocity of zero stays still. */
  record Linear(double x0, double y0, double vx, double vy) implements Trajectory {
    @Override
    public double[] at(double s) {
      return new double[] {x0 + vx * s, y0 + vy * s};
    }
  }

  /** Thrown or dropped under gravity {@code g} (down): {@code y = y0 + vy s + g s^2 / 2}. */
  record Ballistic(double x0, double y0, double vx, double vy, double g) implements Trajectory {
    @Override
    public double[] at(double s) {
      return new double[] {x0 + vx * s, y0 + vy * s + 0.5 * g * s * s};
    }
  }

  /**
   * Dropped from rest at height {@code y0} and bouncing elastically on a floor it first reaches at time
   * {@code bounce}: {@code y = y0 + g phase(s)^2 / 2}, where the phase is the time since the nearest apex
   * (apexes at 0, 2 bounce, 4 bounce, ...), so the path falls, rebounds to y0 and falls again.
   */
  record Bounce(double x0, double y0, double vx, double g, double bounce) implements Trajectory {
    @Override
    public double[] at(double s) {
      double phase = phase(s, bounce);
      return new double[] {x0 + vx * s, y0 + 0.5 * g * phase * phase};
    }

    /** Time from {@code s} to the nearest apex of a bounce at {@code bounce}: in [0, bounce]. */
    public static double phase(double s, double bounce) {
      double period = 2 * bounce;
      return Math.abs(s - period * Math.rint(s / period));
    }
  }
}
