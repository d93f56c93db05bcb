package dev.align4j.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.util.UserError;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The modalities' shared bad-row policy and typed JSON field reads. */
class BadRowsTest {
  @TempDir Path dir;

  @Test
  void stopsOrCountsAndKeepsTheFirstReasons() {
    UserError e = assertThrows(UserError.class, () -> new BadRows(false).reject("f:1, field 'a': missing"));
    assertEquals("f:1, field 'a': missing (set data.skip_bad_rows to skip such rows)", e.getMessage());
    BadRows skip = new BadRows(true);
    for (int i = 1; i <= 5; i++) skip.reject("row " + i);
    assertEquals(5, skip.skipped());
    assertEquals(List.of("row 1", "row 2", "row 3"), skip.reasons());
    skip.requireUsable(Path.of("f"), 6, 1, "pairs", "all ties");
    assertEquals("f: no usable pairs (5 rows read, all skipped as bad; first: row 1)",
        assertThrows(UserError.class, () -> skip.requireUsable(Path.of("f"), 5, 0, "pairs", "all ties"))
            .getMessage());
    assertEquals("f: no usable pairs (2 rows read, all ties)", assertThrows(UserError.class,
        () -> new BadRows(true).requireUsable(Path.of("f"), 2, 0, "pairs", "all ties")).getMessage());
    assertEquals("f: no rows", assertThrows(UserError.class,
        () -> new BadRows(true).requireUsable(Path.of("f"), 0, 0, "pairs", "all ties")).getMessage());
  }

  @Test
  void fieldsNameWhatIsWrong() throws Exception {
    var row = new ObjectMapper().readTree("{\"a\": 1, \"b\": \" \", \"c\": \"x.png\"}");
    assertEquals("field 'a': expected a string, got number 1",
        assertThrows(BadField.class, () -> JsonFields.text(row, "a")).getMessage());
    assertEquals("field 'b': empty", assertThrows(BadField.class, () -> JsonFields.text(row, "b")).getMessage());
    assertEquals("field 'z': missing", assertThrows(BadField.class, () -> JsonFields.number(row, "z")).getMessage());
    BadField missing = assertThrows(BadField.class, () -> JsonFields.file(row, "c", dir, "image"));
    assertEquals("field 'c': no such image file " + dir.resolve("x.png"), missing.getMessage());
    assertEquals("c", missing.field());
    assertEquals("field 'basic.c': no such image file " + dir.resolve("x.png"), missing.under("basic"));
    assertEquals(1.0, JsonFields.number(row, "a"));
  }
}
