package dev.align4j.core.util;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

/**
 * The smallest program that crashed on SIGTERM: backward passes of a matmul chain (about 2 s each) in a loop. Run with
 * {@code --unguarded} it has no {@link GracefulStop} stretch, and a SIGTERM that lands inside a backward
 * pass kills the JVM with SIGSEGV in libtorch; guarded, it stops at the next step and exits with 143.
 */
public final class BackwardLoop {
  private BackwardLoop() {}

  public static void main(String[] args) {
    boolean guarded = !java.util.List.of(args).contains("--unguarded");
    try (GracefulStop.Work work = guarded ? GracefulStop.begin() : null) {
      try (NDManager m = NDManager.newBaseManager()) {
        NDArray w = m.randomNormal(new Shape(1024, 1024)).div(32);
        w.setRequiresGradient(true);
        for (int i = 0; ; i++) {
          if (guarded) GracefulStop.check();
          try (NDManager step = m.newSubManager();
              GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = step.ones(new Shape(1024, 1024));
            for (int k = 0; k < 16; k++) y = y.matMul(w).tanh();
            System.out.println("backward " + i);
            System.out.flush();
            gc.backward(y.sum());
          }
        }
      } catch (GracefulStop.Stopped e) {
        System.out.println("stopped");
        System.out.flush();
      }
    }
  }
}
