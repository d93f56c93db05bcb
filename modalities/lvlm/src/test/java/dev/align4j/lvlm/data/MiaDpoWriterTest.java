package dev.align4j.lvlm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.media.Image;
import dev.align4j.core.shapes.Caption;
import dev.align4j.lvlm.world.CollageChecker;
import dev.align4j.lvlm.world.CollageItem;
import dev.align4j.lvlm.world.CollagePair;
import dev.align4j.lvlm.world.CollageWorld;
import dev.align4j.lvlm.world.Format;
import dev.align4j.lvlm.world.KnownConfusions;
import dev.align4j.lvlm.world.Outcome;
import dev.align4j.lvlm.world.Panel;
import dev.align4j.lvlm.world.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The world's pairs written in MIA-DPO's layout and read back by the reader, images and provenance intact. */
class MiaDpoWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void roundTrip() throws Exception {
    CollageWorld world = CollageWorld.standard();
    List<CollagePair> train = KnownConfusions.pairs(world.mixed(Split.TRAIN, 16, 3), 0.25, 5);
    List<CollagePair> eval = KnownConfusions.pairs(world.mixed(Split.HELD_OUT, 8, 4), 0.25, 6);
    Path out = dir.resolve("pairs");
    Map<String, Path> files = MiaDpoWriter.write(out, List.of(new MiaDpoWriter.Section("train", train, 3),
        new MiaDpoWriter.Section("eval", eval, 4), new MiaDpoWriter.Section("empty", List.of(), 0)));
    assertEquals(List.of("train", "eval"), List.copyOf(files.keySet()));
    assertTrue(Files.isRegularFile(out.resolve("train.json")));

    FileRows<ImagePair> read = MiaDpoReader.read(files.get("train"), false);
    assertEquals(train.size(), read.items().size());
    for (int i = 0; i < train.size(); i++) {
      CollagePair p = train.get(i);
      CollageItem item = p.item();
      ImagePair r = read.items().get(i);
      assertEquals(item.id(), r.id());
      assertEquals(item.prompt(), r.prompt());
      assertEquals(p.chosen(), r.chosen());
      assertEquals(p.rejected(), r.rejected());
      assertEquals(item.answer(), r.extra().get("gt"));
      assertEquals(MiaDpoWriter.KNOWN_CONFUSION, r.extra().get("selection"));
      assertEquals(p.kind().key(), r.extra().get("rejected_kind"));
      assertEquals(item.format().key(), r.extra().get("format"));
      assertEquals(Integer.toString(item.referred() + 1), r.extra().get("referred"));
      assertEquals(p.confusedWith() < 0 ? null : Integer.toString(p.confusedWith() + 1),
          r.extra().get("confused_with"));
      List<Image> images = r.loadImages();
      assertEquals(item.images().size(), images.size());
      for (int k = 0; k < images.size(); k++) assertArrayEquals(item.images().get(k).rgb(), images.get(k).rgb());
      // The provenance alone draws the pictures again and grades the answers again.
      JsonNode captions = JSON.readTree(r.extra().get("captions"));
      JsonNode seeds = JSON.readTree(r.extra().get("picture_seeds"));
      List<Panel> panels = new ArrayList<>();
      for (int k = 0; k < captions.size(); k++) {
        panels.add(new Panel(Caption.parse(captions.get(k).asText()), seeds.get(k).asLong()));
      }
      assertEquals(item.panels(), panels);
      List<Image> again = world.render(Format.of(r.extra().get("format")), panels);
      for (int k = 0; k < images.size(); k++) assertArrayEquals(again.get(k).rgb(), images.get(k).rgb());
      assertEquals(Outcome.CORRECT, CollageChecker.grade(item, r.chosen()).outcome());
    }
    assertEquals(eval.size(), MiaDpoReader.read(files.get("eval"), false).items().size());
  }
}
