package dev.align4j.video.shapes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each law fits its own exact paths with no residual and recovers its strength; other laws fit them worse. */
class LawFitTest {
  private static final double[] T = {0, 1 / 7.0, 2 / 7.0, 3 / 7.0, 4 / 7.0, 5 / 7.0, 6 / 7.0, 1};

  private static double[][] sample(Trajectory path) {
    double[][] xy = new double[2][T.length];
    for (int i = 0; i < T.length; i++) {
      double[] p = path.at(T[i]);
      xy[0][i] = p[0];
      xy[1][i] = p[1];
    }
    return xy;
  }

  @Test
  void eachLawRecoversItsOwnPath() {
    double[][] line = sample(new Trajectory.Linear(0.7, 0.4, -0.3, 0.4));
    LawFit linear = LawFit.linear(T, line[0], line[1]);
    assertEquals(0, linear.rms(), 1e-12);
    assertEquals(0.5, linear.strength(), 1e-12);
    assertTrue(LawFit.still(T, line[0], line[1]).rms() > 0.1);

    double[][] fall = sample(new Trajectory.Ballistic(0.5, 0.2, 0, 0, 0.8));
    LawFit falling = LawFit.falling(T, fall[0], fall[1]);
    assertEquals(0, falling.rms(), 1e-12);
    assertEquals(0.4, falling.strength(), 1e-12);
    assertTrue(LawFit.linear(T, fall[0], fall[1]).rms() > 0.01);

    double[][] bounce = sample(new Trajectory.Bounce(0.5, 0.2, 0, 2 * 0.4 / (0.45 * 0.45), 0.45));
    LawFit bouncing = LawFit.bouncing(T, bounce[0], bounce[1]);
    assertEquals(0, bouncing.rms(), 1e-12);
    assertEquals(0.4, bouncing.strength(), 1e-12);
    assertTrue(LawFit.falling(T, bounce[0], bounce[1]).rms() > 0.02);
  }

  @Test
  void bounceRisesBackToItsStartAtTwiceTheBounceTime() {
    Trajectory.Bounce b = new Trajectory.Bounce(0.5, 0.2, 0, 2.0, 0.4);
    assertEquals(0.2 + 0.5 * 2.0 * 0.16, b.at(0.4)[1], 1e-12);
    assertEquals(0.2, b.at(0.8)[1], 1e-12);
    assertEquals(b.at(0.3)[1], b.at(0.5)[1], 1e-12);
  }

  @Test
  void singularSystemsLeaveDependentCoefficientsZero() {
    double[] t = {0.5, 0.5, 0.5};
    double[] v = {1, 2, 3};
    assertArrayEquals(new double[] {2, 0}, LawFit.solve(t, v, s -> 1, s -> s - 0.5), 1e-12);
  }
}
