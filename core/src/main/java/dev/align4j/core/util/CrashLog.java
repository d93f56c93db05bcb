package dev.align4j.core.util;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the JVM's fatal-error log where the run is: a link {@code hs_err_pid<pid>.log} in the run directory to
 * the file HotSpot writes if the process dies in native code ({@code -XX:ErrorFile}, which {@code bin/align4j}
 * points at the temporary directory; HotSpot's default is the working directory). The flag cannot change
 * once the JVM runs, hence a link. A run that ends normally, or stops on a signal, removes its links, so a
 * link left in a run directory means that run crashed and points at the report.
 */
public final class CrashLog {
  private static final List<Path> LINKS = new ArrayList<>();

  private CrashLog() {}

  /** Links this JVM's fatal-error log into {@code runDir}; does nothing where links cannot be made. */
  public static synchronized void linkInto(Path runDir) {
    Path target = errorFile();
    Path link = runDir.resolve(target.getFileName());
    if (LINKS.contains(link)) return;
    try {
      Files.createDirectories(runDir);
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, target);
      LINKS.add(link);
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // No link is no loss: the log is still written where -XX:ErrorFile says.
    }
  }

  /** Removes the links of this JVM whose target was never written (no crash). */
  public static synchronized void removeLinks() {
    for (Path link : LINKS) {
      try {
        if (!Files.exists(link)) Files.deleteIfExists(link);
      } catch (IOException e) {
        // Leave it: a dangling link harms nothing.
      }
    }
    LINKS.clear();
  }

  /** Where HotSpot writes this process's fatal-error log: -XX:ErrorFile with %p expanded, or its default. */
  static Path errorFile() {
    String pid = Long.toString(ProcessHandle.current().pid());
    String configured = "";
    try {
      configured = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption("ErrorFile")
          .getValue();
    } catch (RuntimeException e) {
      // Not HotSpot: assume the default.
    }
    String file = configured.isEmpty() ? "hs_err_pid%p.log" : configured;
    return Path.of(file.replace("%p", pid)).toAbsolutePath();
  }
}
