package dev.align4j.core.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.align4j.core.util.UserError;

/**
 * {@code trainer.device}: {@code cpu}, {@code cuda:N} (or {@code gpu:N}), or {@code auto} (a GPU when there is one).
 */
public final class Devices {
  private Devices() {}

  public static Device resolve(String name) {
    String n = name.trim().toLowerCase(java.util.Locale.ROOT);
    int gpus = Engine.getInstance().getGpuCount();
    if (n.equals("auto")) return gpus > 0 ? Device.gpu(0) : Device.cpu();
    if (n.equals("cpu")) return Device.cpu();
    if (n.matches("(cuda|gpu)(:\\d+)?")) {
      int id = n.contains(":") ? Integer.parseInt(n.substring(n.indexOf(':') + 1)) : 0;
      if (id >= gpus) {
        throw new UserError("trainer.device " + name + ": " + (gpus == 0
            ? "no CUDA device is visible to PyTorch (this build carries CPU natives; see the README's GPU section)"
            : "only " + gpus + " CUDA device(s) are visible"));
      }
      return Device.gpu(id);
    }
    throw new UserError("trainer.device must be cpu, cuda:N or auto, got '" + name + "'");
  }
}
