package dev.align4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed fixture {@code fixtures/tokenizer.json} is exactly what {@link TokenizerJsonWriter#defaults()}
 * writes. To regenerate it after changing the writer:
 *
 * <pre>mvn -B -pl modalities/text -am test -Dtest=FixtureTokenizerTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dalign4j.regenerateFixtures=true</pre>
 *
 * then rerun {@code tools/fixtures/make_torchscript_lm.py}, which reads the vocabulary size from it.
 */
class FixtureTokenizerTest {
  static final Path FIXTURE = Path.of("src/test/resources/fixtures/tokenizer.json");

  @Test
  void committedFixtureMatchesWriter() throws Exception {
    TokenizerJsonWriter writer = TokenizerJsonWriter.defaults();
    if (Boolean.getBoolean("align4j.regenerateFixtures")) {
      writer.write(FIXTURE);
    }
    assertEquals(writer.toJson(), Files.readString(FIXTURE, StandardCharsets.UTF_8),
        "fixtures/tokenizer.json is stale; regenerate it (see this class's Javadoc)");
  }
}
