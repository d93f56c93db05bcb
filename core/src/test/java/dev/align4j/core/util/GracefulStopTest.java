package dev.align4j.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression test for the libtorch SIGSEGV on exit: SIGTERM sent while a backward pass runs. Before
 * {@link GracefulStop} the JVM tore libtorch down under the running backward and died with SIGSEGV (exit 134,
 * an hs_err file); now the loop stops at its next step and the JVM exits with 143, the usual SIGTERM code.
 */
class GracefulStopTest {
  @TempDir Path tmp;

  @Test
  void sigtermDuringBackwardStopsCleanly() throws Exception {
    for (int trial = 0; trial < 3; trial++) {
      Run run = sigtermMidBackward(tmp.resolve("trial-" + trial));
      assertEquals(143, run.exitCode, "exit code; stderr: " + run.stderr);
      assertTrue(run.stdout.contains("stopped"), "stdout: " + run.stdout);
      assertFalse((run.stdout + run.stderr).contains("fatal error"), run.stdout + run.stderr);
      assertFalse(run.crashLogWritten, "an hs_err file was written");
    }
  }

  record Run(int exitCode, String stdout, String stderr, boolean crashLogWritten) {}

  /** Starts {@link BackwardLoop}, waits until its first backward pass has begun, then sends SIGTERM. */
  static Run sigtermMidBackward(Path dir, String... args) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-Dai.djl.pytorch.num_threads=1",
        "-Dai.djl.pytorch.num_interop_threads=1", "-Dai.djl.offline=true",
        "-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"), "-cp", System.getProperty("java.class.path"),
        BackwardLoop.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("stderr.txt").toFile()).start();
    StringBuilder out = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        out.append(line).append('\n');
        if (line.equals("backward 0")) {
          Thread.sleep(50);
          p.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of the pipes
        }
      }
    }
    if (!p.waitFor(180, TimeUnit.SECONDS)) p.destroyForcibly();
    boolean crashLog;
    try (var files = Files.list(dir)) {
      crashLog = files.anyMatch(f -> f.getFileName().toString().startsWith("hs_err"));
    }
    return new Run(p.exitValue(), out.toString(), Files.readString(dir.resolve("stderr.txt")), crashLog);
  }
}
