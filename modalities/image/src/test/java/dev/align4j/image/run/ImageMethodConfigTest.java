package dev.align4j.image.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.config.LossSection;
import dev.align4j.core.method.MethodRegistry;
import dev.align4j.core.method.MethodSpec;
import dev.align4j.core.util.UserError;
import dev.align4j.image.method.D3po;
import dev.align4j.image.method.Inpo;
import dev.align4j.image.method.Spo;
import dev.align4j.losses.LossRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The method sections of an image config: binding, defaults, and the mistakes they refuse. */
class ImageMethodConfigTest {
  static ImageRunConfig bind(String yaml) {
    try {
      return ImageRun.bind((ObjectNode) ConfigLoader.YAML.readTree("modality: image\n" + yaml), "test.yaml");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String method(String yaml) {
    ImageRunConfig cfg = bind(yaml);
    MethodSpec m = ImageRun.method(cfg, LossSection.build(cfg.loss(), "test.yaml"));
    return m == null ? null : m.name();
  }

  static String error(String yaml) {
    return assertThrows(UserError.class, () -> method(yaml)).getMessage();
  }

  @Test
  void eachSectionBindsItsKeysOverItsDefaults() {
    ImageRunConfig spo = bind("loss: {loss_type: spo}\nspo: {candidates: 6, temperature: 0.1}\n");
    assertEquals(new Spo.Config(6, 0.3, 0.1, 1), spo.spo());
    assertNull(spo.d3po());
    assertEquals(new D3po.Config(0), bind("loss: {loss_type: d3po}\nd3po: {steps_per_batch: 0}\n").d3po());
    assertEquals(new Inpo.Config(5, 0.0), bind("inpo: {inversion_steps: 5, noise_scale: 0}\n").inpo());
    assertEquals(Inpo.Config.defaults(), bind("inpo: {}\n").inpo());
    assertEquals(new Inpo.Config(10, 0.1), Inpo.Config.defaults());
    assertEquals(new Spo.Config(4, 0.3, 1.0, 1), Spo.Config.defaults());
  }

  @Test
  void theMethodIsTheSectionGivenOrTheLossNamedAfterIt() {
    assertEquals("spo", method("loss: {loss_type: spo}\n"));
    assertEquals("spo", method("loss: {loss_type: spo}\nspo: {threshold: 0.1}\n"));
    assertEquals("d3po", method("loss: {loss_type: d3po}\n"));
    assertEquals("inpo", method("loss: {loss_type: diffusion_dpo}\ninpo: {}\n"));
    assertEquals("diffusion_dpo", method("loss: {loss_type: diffusion_dpo}\n"));
    assertEquals("mapo", method("loss: {loss_type: mapo}\n"));
  }

  @Test
  void anSpoKeyUnderD3poNamesTheNearestKeyAndItsMethod() {
    String e = assertThrows(UserError.class, () -> bind("loss: {loss_type: d3po}\nd3po: {threshold: 0.3}\n"))
        .getMessage();
    assertTrue(e.startsWith("test.yaml: unknown config key 'd3po.threshold'"), e);
    assertTrue(e.contains("a key of spo"), e);
    assertTrue(e.contains("steps_per_batch"), e);
    e = assertThrows(UserError.class, () -> bind("loss: {loss_type: d3po}\nd3po: {steps_per_btch: 2}\n"))
        .getMessage();
    assertTrue(e.contains("did you mean 'steps_per_batch'"), e);
    e = assertThrows(UserError.class, () -> bind("loss: {loss_type: spo}\nspo: {temprature: 0.1}\n")).getMessage();
    assertTrue(e.contains("'spo.temprature'") && e.contains("did you mean 'temperature'"), e);
    e = assertThrows(UserError.class, () -> bind("inpo: {inversion_step: 3}\n")).getMessage();
    assertTrue(e.contains("did you mean 'inversion_steps'"), e);
  }

  @Test
  void aSectionForAnotherMethodsLossIsRefused() {
    String e = error("loss: {loss_type: d3po}\nspo: {threshold: 0.1}\n");
    assertTrue(e.contains("the spo section is for spo") && e.contains("not d3po"), e);
    e = error("loss: {loss_type: mapo}\ninpo: {}\n");
    assertTrue(e.contains("loss_type diffusion_dpo, not mapo"), e);
    e = error("loss: {loss_type: spo}\nspo: {}\nd3po: {}\n");
    assertTrue(e.contains("one method section"), e);
  }

  @Test
  void outOfRangeValuesNameTheirKey() {
    String e = assertThrows(UserError.class, () -> bind("loss: {loss_type: spo}\nspo: {candidates: 1}\n"))
        .getMessage();
    assertTrue(e.contains("spo.candidates must be >= 2"), e);
    e = assertThrows(UserError.class, () -> bind("inpo: {noise_scale: -1}\n")).getMessage();
    assertTrue(e.contains("inpo.noise_scale must be >= 0"), e);
  }

  @Test
  void keysThatMovedSayWhereTo() {
    String e = assertThrows(UserError.class, () -> bind("model: {latents: inversion}\n")).getMessage();
    assertTrue(e.contains("inpo: {}"), e);
    e = assertThrows(UserError.class, () -> bind("loss: {loss_type: spo}\nonline: {threshold: 0.2}\n")).getMessage();
    assertTrue(e.contains("online.threshold moved to spo.threshold"), e);
    e = assertThrows(UserError.class, () -> bind("online: {steps_per_batch: 2}\n")).getMessage();
    assertTrue(e.contains("d3po.steps_per_batch"), e);
  }

  @Test
  void theRegistryListsEveryImageMethodOnceWithLossesThatExist() {
    List<MethodSpec> image = MethodRegistry.load().byModality().get("image");
    List<String> names = image.stream().map(MethodSpec::name).toList();
    assertEquals(names.stream().distinct().count(), names.size(), names.toString());
    for (String want : List.of("diffusion_dpo", "mapo", "diffusion_kto", "dspo", "diffusion_sft", "inpo", "spo",
        "d3po")) {
      assertEquals(1, names.stream().filter(want::equals).count(), want + " in " + names);
    }
    assertEquals("diffusion_dpo", names.get(0));
    assertTrue(!names.contains("rank_dpo"), "listwise losses need ranked lists, which image data lacks");
    for (MethodSpec m : image) {
      assertTrue(!m.paper().isBlank() && !m.summary().isBlank(), m.name());
      m.losses().forEach(LossRegistry::spec);
    }
    assertEquals(Map.of("inversion_steps", 10, "noise_scale", 0.1), MethodRegistry.load().get("inpo").defaults());
    assertEquals(List.of("candidates", "threshold", "temperature", "steps_per_batch"),
        List.copyOf(MethodRegistry.load().get("spo").defaults().keySet()));
  }

  @Test
  void everyShippedImageExampleBindsToItsMethod() {
    Map<String, String> expected = Map.of("image-spo.yaml", "spo", "image-d3po.yaml", "d3po", "image-inpo.yaml",
        "inpo", "image-mapo.yaml", "mapo", "image-diffusion-dpo.yaml", "diffusion_dpo");
    Path examples = Path.of("../../examples").toAbsolutePath().normalize();
    for (Map.Entry<String, String> e : expected.entrySet()) {
      ImageRunConfig cfg = ImageRun.bind(ConfigLoader.read(examples.resolve(e.getKey())), e.getKey());
      MethodSpec m = ImageRun.method(cfg, LossSection.build(cfg.loss(), e.getKey()));
      assertEquals(e.getValue(), m.name(), e.getKey());
    }
  }
}
