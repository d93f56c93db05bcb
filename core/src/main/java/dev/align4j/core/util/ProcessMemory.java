package dev.align4j.core.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The process's resident memory as the kernel counts it (native libtorch and ONNX Runtime memory included, which
 * the JVM's heap figures miss): {@code VmRSS} now and {@code VmHWM}, its peak, from {@code /proc/self/status}.
 * Empty where there is no such file (not Linux).
 */
public final class ProcessMemory {
  private static final Path STATUS = Path.of("/proc/self/status");

  private ProcessMemory() {}

  /** Resident bytes now. */
  public static OptionalLong residentBytes() {
    return field("VmRSS:");
  }

  /** The most resident bytes this process has had. */
  public static OptionalLong peakResidentBytes() {
    return field("VmHWM:");
  }

  /** {@code bytes} in MiB, one decimal: the unit every log and report line uses. */
  public static double mib(long bytes) {
    return Math.round(bytes / 104857.6) / 10.0;
  }

  private static OptionalLong field(String name) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(name)) return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")) * 1024);
      }
    } catch (IOException | NumberFormatException | SecurityException e) {
      // no /proc (not Linux) or an unreadable line: no figure
    }
    return OptionalLong.empty();
  }
}
