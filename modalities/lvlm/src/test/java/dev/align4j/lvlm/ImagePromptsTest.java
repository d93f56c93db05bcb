package dev.align4j.lvlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.align4j.core.media.ContentPart;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.TextPart;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code <image>} convention: counting, the fit check, and parts in placeholder order. */
class ImagePromptsTest {
  private static final Image A = new Image(1, 1, new byte[3]);
  private static final Image B = new Image(2, 1, new byte[6]);

  @Test
  void countsPlaceholders() {
    assertEquals(0, ImagePrompts.count("What colour?"));
    assertEquals(2, ImagePrompts.count("Image1:<image>\nImage2:<image>\nIn Image2, what?"));
    assertEquals(2, ImagePrompts.count("<image><image>"));
  }

  @Test
  void oneImageMayHaveNoPlaceholder() {
    assertNull(ImagePrompts.mismatch(0, 1));
    assertNull(ImagePrompts.mismatch(2, 2));
    assertEquals("0 <image> placeholders for 2 images", ImagePrompts.mismatch(0, 2));
    assertEquals("1 <image> placeholder for 2 images", ImagePrompts.mismatch(1, 2));
    assertEquals("2 <image> placeholders for 1 image", ImagePrompts.mismatch(2, 1));
  }

  @Test
  void partsInterleaveTextAndImages() {
    List<ContentPart> parts = ImagePrompts.parts("Image1:<image>\nImage2:<image>\nIn Image2, what?", List.of(A, B));
    assertEquals(5, parts.size());
    assertEquals(new TextPart("Image1:"), parts.get(0));
    assertSame(A, parts.get(1));
    assertEquals(new TextPart("\nImage2:"), parts.get(2));
    assertSame(B, parts.get(3));
    assertEquals(new TextPart("\nIn Image2, what?"), parts.get(4));
    assertEquals(List.of(A, new TextPart("\nWhat?")), ImagePrompts.parts("<image>\nWhat?", List.of(A)));
    assertEquals(List.of(A, new TextPart("What?")), ImagePrompts.parts("What?", List.of(A)));
    assertThrows(IllegalArgumentException.class, () -> ImagePrompts.parts("<image>", List.of(A, B)));
  }
}
