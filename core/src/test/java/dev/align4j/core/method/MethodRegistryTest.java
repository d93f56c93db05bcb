package dev.align4j.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.util.UserError;
import dev.align4j.losses.LossRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The registry on made-up methods: lookup, choice of method, and the unknown-key messages. */
class MethodRegistryTest {
  record WalkConfig(@JsonProperty("steps") Integer steps, @JsonProperty("pace") Double pace) {
    WalkConfig {
      steps = steps == null ? 3 : steps;
      pace = pace == null ? 1.5 : pace;
    }
  }

  static final MethodSpec WALK = new MethodSpec("walk", "toy", "walks", "Doe 2020", "walk",
      MethodSpec.defaultsOf(WalkConfig.class), List.of("run"));
  static final MethodSpec JUMP = new MethodSpec("jump", "toy", "jumps", "Roe 2021", "jump",
      Map.of("height", 2), List.of("jump"));
  static final MethodSpec RUN = new MethodSpec("run", "toy", "runs", "Poe 2022", "loss",
      Map.of("loss_type", "run"), List.of("run"));
  static final MethodRegistry REGISTRY = new MethodRegistry(List.of(WALK, JUMP, RUN));

  @Test
  void defaultsComeFromTheConfigRecord() {
    Map<String, Object> want = new LinkedHashMap<>();
    want.put("steps", 3);
    want.put("pace", 1.5);
    assertEquals(want, WALK.defaults());
    assertEquals(List.of("steps", "pace"), List.copyOf(WALK.defaults().keySet()));
  }

  @Test
  void namesAreUniqueAndFoundInOneHop() {
    assertEquals(WALK, REGISTRY.get("walk"));
    assertThrows(IllegalStateException.class, () -> new MethodRegistry(List.of(WALK, WALK)));
    String e = assertThrows(UserError.class, () -> REGISTRY.get("wlak")).getMessage();
    assertTrue(e.contains("did you mean 'walk'"), e);
    assertEquals(List.of("toy"), List.copyOf(REGISTRY.byModality().keySet()));
  }

  @Test
  void theSectionGivenOrTheLossNamesTheMethod() {
    assertEquals(WALK, REGISTRY.choose("toy", "run", Set.of("walk"), "c"));
    assertEquals(RUN, REGISTRY.choose("toy", "run", Set.of(), "c"));
    assertEquals(JUMP, REGISTRY.choose("toy", "jump", Set.of(), "c"));
    assertNull(REGISTRY.choose("toy", "swim", Set.of(), "c"));
    assertNull(REGISTRY.choose("other", "run", Set.of(), "c"));
    String e = assertThrows(UserError.class, () -> REGISTRY.choose("toy", "jump", Set.of("walk"), "c"))
        .getMessage();
    assertEquals("c: the walk section is for walk, which trains with loss_type run, not jump", e);
    e = assertThrows(UserError.class, () -> REGISTRY.choose("toy", "run", Set.of("walk", "jump"), "c"))
        .getMessage();
    assertTrue(e.contains("one method section"), e);
  }

  @Test
  void anotherMethodsKeyIsUnknownWithItsOwnerAndTheValidKeys() throws Exception {
    ObjectNode root = (ObjectNode) ConfigLoader.YAML.readTree("jump: {steps: 2}\n");
    String e = assertThrows(UserError.class, () -> REGISTRY.checkSections(root, "toy", "c.yaml")).getMessage();
    assertEquals("c.yaml: unknown config key 'jump.steps' (a key of walk, not of jump); jump takes height", e);
    ObjectNode typo = (ObjectNode) ConfigLoader.YAML.readTree("walk: {stpes: 2}\n");
    e = assertThrows(UserError.class, () -> REGISTRY.checkSections(typo, "toy", "c.yaml")).getMessage();
    assertEquals("c.yaml: unknown config key 'walk.stpes'; did you mean 'steps'?", e);
    REGISTRY.checkSections((ObjectNode) ConfigLoader.YAML.readTree("walk: {steps: 2}\nloss: {x: 1}\n"), "toy", "c");
  }

  @Test
  void aLossBecomesAMethodWithTheLossSection() {
    MethodSpec m = MethodSpec.ofLoss(LossRegistry.spec("sigmoid"), "text");
    assertEquals("loss", m.section());
    assertEquals("sigmoid", m.defaults().get("loss_type"));
    assertEquals(0.1, m.defaults().get("beta"));
    assertEquals(List.of("sigmoid"), m.losses());
  }
}
