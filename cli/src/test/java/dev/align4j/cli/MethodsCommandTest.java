package dev.align4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.method.MethodRegistry;
import dev.align4j.core.method.MethodSpec;
import dev.align4j.losses.LossRegistry;
import dev.align4j.losses.LossSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code align4j methods list|show} as a user types them. */
class MethodsCommandTest {
  static Align4jTest.Run run(String... args) {
    return Align4jTest.run(args);
  }

  @Test
  void listPrintsEveryMethodOnceUnderItsModalityWithItsPaper() {
    Align4jTest.Run r = run("methods", "list");
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    List<MethodSpec> all = MethodRegistry.load().all();
    assertTrue(r.out().startsWith(all.size() + " methods."), r.out());
    List<String> lines = r.out().lines().toList();
    int image = lines.indexOf(lines.stream().filter(l -> l.startsWith("image (")).findFirst().orElseThrow());
    int text = lines.indexOf(lines.stream().filter(l -> l.startsWith("text (")).findFirst().orElseThrow());
    assertTrue(image < text, "modalities in order");
    for (MethodSpec m : all) {
      List<Integer> at = new java.util.ArrayList<>();
      for (int i = 0; i < lines.size(); i++) if (lines.get(i).startsWith("  " + m.name() + "  (")) at.add(i);
      assertEquals(1, at.size(), m.name() + " listed " + at.size() + " times");
      int i = at.get(0);
      assertTrue(lines.get(i).contains("(" + m.paper() + ")"), lines.get(i));
      assertTrue(lines.get(i + 1).contains(m.summary()), lines.get(i + 1));
      assertEquals(m.modality().equals("image"), i > image && (i < text), m.name() + " under " + m.modality());
    }
    for (String name : List.of("diffusion_dpo", "mapo", "diffusion_kto", "dspo", "diffusion_sft", "inpo", "spo",
        "d3po", "sigmoid", "ipo", "simpo", "kto")) {
      assertTrue(r.out().contains("\n  " + name + "  ("), name);
    }
    assertTrue(r.out().contains("  spo  (Liang et al. 2024, SPO (step-aware preference optimisation))  "
        + "[section spo:, loss spo]"), r.out());
    long textLosses = LossRegistry.specs().stream().filter(s -> s.family() != LossSpec.Family.DIFFUSION).count();
    assertTrue(lines.get(text).startsWith("text (" + textLosses + " methods"), lines.get(text));
  }

  @Test
  void listFiltersByModality() {
    Align4jTest.Run r = run("methods", "list", "--modality", "image");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("\n  inpo  (") && !r.out().contains("\n  sigmoid  ("), r.out());
    Align4jTest.Run bad = run("methods", "list", "--modality", "imgae");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("no methods for modality 'imgae'"), bad.err());
  }

  @Test
  void showPrintsTheSectionWithItsDefaults() {
    Align4jTest.Run r = run("methods", "show", "inpo");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("inpo (image): Lu et al. 2025"), r.out());
    assertTrue(r.out().contains("loss_type: diffusion_dpo"), r.out());
    assertTrue(r.out().contains("inpo:\n  inversion_steps: 10\n  noise_scale: 0.1\n"), r.out());
    r = run("methods", "show", "spo");
    assertTrue(r.out().contains("spo:\n  candidates: 4\n  threshold: 0.3\n  temperature: 1.0\n  steps_per_batch: 1\n"),
        r.out());
    r = run("methods", "show", "mapo");
    assertTrue(r.out().contains("loss:\n  loss_type: mapo\n"), r.out());
  }

  @Test
  void anUnknownMethodNamesTheNearest() {
    Align4jTest.Run r = run("methods", "show", "d3p0");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("unknown method 'd3p0'; did you mean 'd3po'"), r.err());
  }
}
