package dev.align4j.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The kernel's figures, read where the project runs (Linux): the peak is never below the current value. */
class ProcessMemoryTest {
  @Test
  void residentAndPeakComeFromProc() {
    long now = ProcessMemory.residentBytes().orElseThrow();
    long peak = ProcessMemory.peakResidentBytes().orElseThrow();
    assertTrue(now > 1 << 20, "a JVM holds more than 1 MiB resident: " + now);
    assertTrue(peak >= now, "peak " + peak + " below current " + now);
    assertEquals(1.0, ProcessMemory.mib(1 << 20));
    assertEquals(1.5, ProcessMemory.mib(3 << 19));
  }
}
