package dev.align4j.video.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.align4j.core.media.Image;
import dev.align4j.core.media.Video;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Area averaging of the centred square, and nearest-neighbour enlarging, which it undoes exactly. */
class ClipResizeTest {
  @Test
  void fitUndoesEnlargeExactly() {
    SplittableRandom rnd = new SplittableRandom(3);
    byte[] rgb = new byte[16 * 16 * 3];
    for (int i = 0; i < rgb.length; i++) rgb[i] = (byte) rnd.nextInt(256);
    Image frame = new Image(16, 16, rgb);
    for (int factor : new int[] {1, 2, 4}) {
      Video big = ClipResize.enlarge(new Video(List.of(frame), 8), factor);
      assertEquals(16 * factor, big.width());
      assertArrayEquals(rgb, ClipResize.fit(big.frames().get(0), 16).rgb(), "factor " + factor);
    }
    assertSame(frame, ClipResize.fit(frame, 16), "a frame of the size is kept");
  }

  /** 3 wide to 2: pixel 0 covers source [0, 1.5): (a + b / 2) / 1.5; a non-square frame's centre square is used. */
  @Test
  void fractionalCoverageOfTheCentredSquare() {
    // 5x3 grey frame; its centred 3x3 square is columns 1..3; rows are constant, columns 10, 40, 70, 100, 130
    int[] columns = {10, 40, 70, 100, 130};
    byte[] rgb = new byte[5 * 3 * 3];
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 5; x++) {
        for (int c = 0; c < 3; c++) rgb[(y * 5 + x) * 3 + c] = (byte) columns[x];
      }
    }
    Image out = ClipResize.fit(new Image(5, 3, rgb), 2);
    assertEquals(2, out.width());
    assertEquals(Math.round((40 + 70 / 2.0) / 1.5), out.at(0, 0, 0)); // 50
    assertEquals(Math.round((70 / 2.0 + 100) / 1.5), out.at(1, 1, 2)); // 90
  }
}
