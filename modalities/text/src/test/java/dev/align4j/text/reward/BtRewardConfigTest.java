package dev.align4j.text.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.util.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes in a bt_text config are one line naming the key, and nothing is written. */
class BtRewardConfigTest {
  @TempDir Path dir;

  private String fails(String... overrides) {
    Path out = dir.resolve("out");
    UserError e = assertThrows(UserError.class, () -> BtFixtures.run("reward-bt-text", out, null, overrides));
    assertFalse(Files.exists(out), "nothing written for " + e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    return e.getMessage();
  }

  @Test
  void unknownKeysNameTheNearestOne() {
    String m = fails("model.max_lenght=10");
    assertTrue(m.contains("unknown config key 'model.max_lenght'") && m.contains("max_length"), m);
    m = fails("export.nmae=x");
    assertTrue(m.contains("'export.nmae'") && m.contains("name"), m);
  }

  @Test
  void otherMistakes() {
    assertTrue(fails("task=text").contains("task is 'text'"));
    assertTrue(fails("data.format=unpaired").contains("paired"));
    assertTrue(fails("export.name=a/b").contains("export.name"));
    assertTrue(fails("model.max_prompt_length=20").contains("max_prompt_length"));
    assertTrue(fails("data.train=missing.jsonl").contains("missing.jsonl"));
    String m = fails("model.chat_template=llama");
    assertTrue(m.contains("chat_template"), m);
    assertEquals(-1, m.indexOf("Exception"), m);
  }
}
