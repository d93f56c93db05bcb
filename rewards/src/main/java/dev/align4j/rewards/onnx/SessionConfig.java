package dev.align4j.rewards.onnx;

import dev.align4j.core.util.UserError;
import java.util.Locale;

/**
 * How ONNX Runtime runs a reward model: the device ({@code cpu}, or {@code cuda} / {@code cuda:N} for ONNX
 * Runtime's CUDA execution provider), thread counts and the number of rows per run.
 *
 * @param device where the graphs run
 * @param deviceId the CUDA device ordinal (ignored on CPU)
 * @param intraOpThreads threads inside one operator; 0 lets ONNX Runtime choose (one per physical core)
 * @param interOpThreads threads across independent operators; 0 lets ONNX Runtime choose, above 1 turns on
 *     parallel execution of the graph
 * @param batchSize most rows (images, or prompt-image pairs) per graph run; larger inputs are split
 */
public record SessionConfig(Device device, int deviceId, int intraOpThreads, int interOpThreads, int batchSize) {
  /** The default number of rows per run. */
  public static final int DEFAULT_BATCH_SIZE = 16;

  /** Where a session runs. */
  public enum Device {
    CPU,
    CUDA
  }

  public SessionConfig {
    if (device == null) throw new UserError("device: missing (cpu, cuda or cuda:N)");
    if (deviceId < 0) throw new UserError("device: negative CUDA device id " + deviceId);
    if (intraOpThreads < 0)
        throw new UserError("intra_op_threads: must be >= 0 (0 = ONNX Runtime's default), got " + intraOpThreads);
    if (interOpThreads < 0)
        throw new UserError("inter_op_threads: must be >= 0 (0 = ONNX Runtime's default), got " + interOpThreads);
    if (batchSize < 1) throw new UserError("batch_size: must be >= 1, got " + batchSize);
  }

  /** CPU, ONNX Runtime's default thread pools, {@link #DEFAULT_BATCH_SIZE} rows per run. */
  public static SessionConfig cpu() {
    return new SessionConfig(Device.CPU, 0, 0, 0, DEFAULT_BATCH_SIZE);
  }

  /** CUDA device {@code id}, otherwise as {@link #cpu()}. */
  public static SessionConfig cuda(int id) {
    return new SessionConfig(Device.CUDA, id, 0, 0, DEFAULT_BATCH_SIZE);
  }

  /** Parses a device string: {@code cpu}, {@code cuda} (device 0) or {@code cuda:N}. */
  public static SessionConfig forDevice(String device) {
    String d = device == null ? "" : device.trim().toLowerCase(Locale.ROOT);
    if (d.equals("cpu")) return cpu();
    if (d.equals("cuda")) return cuda(0);
    if (d.startsWith("cuda:")) {
      try {
        return cuda(Integer.parseInt(d.substring(5)));
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    throw new UserError("device: expected cpu, cuda or cuda:N, got '" + device + "'");
  }

  public SessionConfig withThreads(int intraOp, int interOp) {
    return new SessionConfig(device, deviceId, intraOp, interOp, batchSize);
  }

  public SessionConfig withBatchSize(int rows) {
    return new SessionConfig(device, deviceId, intraOpThreads, interOpThreads, rows);
  }

  /** {@code cpu} or {@code cuda:N}. */
  public String deviceName() {
    return device == Device.CPU ? "cpu" : "cuda:" + deviceId;
  }
}
