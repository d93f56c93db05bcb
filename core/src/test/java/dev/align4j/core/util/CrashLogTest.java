package dev.align4j.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashLogTest {
  @TempDir Path tmp;

  @Test
  void aRunDirectoryLinksTheFatalErrorLogUntilTheRunEndsWithoutOne() throws Exception {
    Path target = CrashLog.errorFile();
    assertTrue(target.getFileName().toString().contains(Long.toString(ProcessHandle.current().pid())),
        target.toString());
    Path run = tmp.resolve("run");
    CrashLog.linkInto(run);
    Path link = run.resolve(target.getFileName());
    assertTrue(Files.isSymbolicLink(link));
    assertEquals(target, Files.readSymbolicLink(link));
    CrashLog.removeLinks();
    assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS), "no crash, so no link");
  }
}
