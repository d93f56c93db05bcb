package dev.align4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code demo --resume} takes a run directory or one of its checkpoints and continues in that run directory. */
class DemoResumeTest {
  @Test
  void aCheckpointResumesInItsRunDirectory() {
    assertEquals(Path.of("/runs/demo-1"), DemoCommand.runDirOf(Path.of("/runs/demo-1/checkpoints/step-20")));
    assertEquals(Path.of("/runs/demo-1"), DemoCommand.runDirOf(Path.of("/runs/demo-1")));
  }
}
