package dev.align4j.lvlm.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.data.Message;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.TextPart;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LLaVA's conversation files: turns in order, images placed at their placeholders, bad rows named. */
class LlavaReaderTest {
  @TempDir Path dir;

  @Test
  void readsConversationsWithAndWithoutImages() throws Exception {
    DataFixtures.png(dir, "coco/1.png", 1);
    DataFixtures.png(dir, "coco/2.png", 2);
    Path file = DataFixtures.jsonList(dir, "llava.json",
        "{\"id\": \"000000101979\", \"image\": \"coco/1.png\", \"conversations\": ["
            + "{\"from\": \"human\", \"value\": \"<image>\\nHow many people are there?\"},"
            + "{\"from\": \"gpt\", \"value\": \"Two.\"},"
            + "{\"from\": \"human\", \"value\": \"Are they skiing?\"},"
            + "{\"from\": \"gpt\", \"value\": \"Yes.\"}]}",
        "{\"id\": \"t\", \"conversations\": [{\"from\": \"human\", \"value\": \"Hi\"}, {\"from\": \"gpt\", "
            + "\"value\": \"Hello\"}]}",
        "{\"id\": \"m\", \"image\": [\"coco/1.png\", \"coco/2.png\"], \"conversations\": ["
            + "{\"from\": \"human\", \"value\": \"Image1:<image>\\nImage2:<image>\\nIn Image2, what?\"},"
            + "{\"from\": \"gpt\", \"value\": \"A sign.\"}]}");
    FileRows<ImageChat> read = LlavaReader.read(file, false);
    assertEquals(3, read.items().size());
    ImageChat first = read.items().get(0);
    assertEquals("000000101979", first.id());
    assertEquals(4, first.turns().size());
    List<Message> messages = first.messages(first.loadImages());
    assertEquals(List.of("user", "assistant", "user", "assistant"), messages.stream().map(Message::role).toList());
    assertTrue(messages.get(0).parts().get(0) instanceof Image);
    assertEquals(List.of(new TextPart("Yes.")), messages.get(3).parts());
    ImageChat text = read.items().get(1);
    assertEquals(List.of(), text.images());
    assertEquals("Hello", text.messages(List.of()).get(1).content());
    ImageChat multi = read.items().get(2);
    List<Image> images = multi.loadImages();
    assertEquals(images.get(1), multi.messages(images).get(0).parts().get(3));
  }

  @Test
  void badRowsAreNamed() throws Exception {
    DataFixtures.png(dir, "coco/1.png", 1);
    Path file = DataFixtures.jsonl(dir, "llava.jsonl",
        "{\"image\": \"coco/1.png\", \"conversations\": [{\"from\": \"gpt\", \"value\": \"<image> hi\"}]}",
        "{\"image\": \"coco/1.png\", \"conversations\": [{\"from\": \"human\", \"value\": \"<image><image>\"}]}",
        "{\"conversations\": [{\"from\": \"human\", \"value\": \"<image> what?\"}]}",
        "{\"image\": \"coco/1.png\", \"conversations\": [{\"from\": \"human\"}]}",
        "{\"image\": \"coco/1.png\", \"conversations\": [{\"from\": \"human\", \"value\": \"<image> ok\"}]}");
    FileRows<ImageChat> read = LlavaReader.read(file, null, true, Long.MAX_VALUE);
    assertEquals(1, read.items().size());
    assertEquals(4, read.rowsSkipped());
    String at = file.toAbsolutePath().toString();
    assertEquals(List.of(
        at + ":1, field 'conversations[0].from': expected 'human' (turns alternate from the human), got 'gpt'",
        at + ":2, field 'conversations': 2 <image> placeholders for 1 image in 'image'",
        at + ":3, field 'conversations': 1 <image> placeholder but no 'image'"), read.skipReasons());
  }
}
