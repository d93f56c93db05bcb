package dev.align4j.core.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.data.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

class MediaTypesTest {
  static final Image PIXEL = new Image(1, 1, new byte[] {1, 2, 3});

  @Test
  void imagesCheckTheirSize() {
    assertEquals(2, PIXEL.at(0, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new Image(2, 1, new byte[3]));
  }

  @Test
  void videoFramesShareOneSizeAndAPositiveRate() {
    Video v = new Video(List.of(PIXEL, PIXEL, PIXEL), 12);
    assertEquals(0.25, v.seconds(), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> new Video(List.of(PIXEL, new Image(2, 1, new byte[6])), 8));
    assertThrows(IllegalArgumentException.class, () -> new Video(List.of(), 8));
    assertThrows(IllegalArgumentException.class, () -> new Video(List.of(PIXEL), 0));
  }

  @Test
  void audioSamplesSplitIntoChannels() {
    Audio a = new Audio(new float[8], 4, 2);
    assertEquals(4, a.frames());
    assertEquals(1.0, a.seconds(), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> new Audio(new float[3], 16000, 2));
  }

  @Test
  void messagesHoldPartsAndTextOnlyTurnsStayPlain() {
    assertEquals(new Message("user", "hi"), new Message("user", List.of(ContentPart.text("hi"))));
    assertEquals("hi", new Message("user", "hi").content());
    Message mixed = new Message("user", List.of(ContentPart.text("look: "), PIXEL, ContentPart.text("red?")));
    assertEquals("look: red?", mixed.content());
    assertFalse(mixed.isTextOnly());
    assertTrue(new Message("assistant", "").isTextOnly());
    assertEquals(List.of(ContentPart.Kind.TEXT, ContentPart.Kind.IMAGE, ContentPart.Kind.TEXT),
        mixed.parts().stream().map(ContentPart::kind).toList());
  }
}
