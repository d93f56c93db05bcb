package dev.align4j.image.method;

import dev.align4j.core.method.MethodProvider;
import dev.align4j.core.method.MethodSpec;
import dev.align4j.losses.LossRegistry;
import dev.align4j.losses.LossSpec;
import dev.align4j.losses.Need;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The image modality's methods: those that are only a diffusion loss on image pairs (Diffusion-DPO, MaPO,
 * Diffusion-KTO, DSPO, the SFT baseline, ...), and those that are more ({@link Inpo}, {@link Spo},
 * {@link D3po}), each with its own config section.
 */
public final class ImageMethods implements MethodProvider {
  public static final String MODALITY = "image";
  /** Methods whose examples are prompts: the policy samples the pairs while it trains. */
  public static final Set<String> ONLINE = Set.of("spo", "d3po");

  public static final MethodSpec INPO = new MethodSpec("inpo", MODALITY,
      "Diffusion-DPO on latents found by DDIM inversion under the current policy instead of forward noising",
      "Lu et al. 2025, InPO (inversion preference optimisation)", "inpo", MethodSpec.defaultsOf(Inpo.Config.class),
      List.of("diffusion_dpo"));
  public static final MethodSpec SPO = new MethodSpec("spo", MODALITY,
      "samples with the policy; ranks k candidate steps from one x_t by their predicted clean images; trains on "
          + "the best and worst step", "Liang et al. 2024, SPO (step-aware preference optimisation)", "spo",
      MethodSpec.defaultsOf(Spo.Config.class), List.of("spo"));
  public static final MethodSpec D3PO = new MethodSpec("d3po", MODALITY,
      "samples two trajectories per prompt with the policy; the better final image makes every step of its "
          + "trajectory the winner", "Yang et al. 2024, D3PO", "d3po", MethodSpec.defaultsOf(D3po.Config.class),
      List.of("d3po"));

  /** Where the loss methods come in the listing; diffusion losses not named here follow in registry order. */
  private static final List<String> ORDER = List.of("diffusion_dpo", "diffusion_sft", "mapo", "diffusion_kto",
      "dspo", "diffusion_dro");

  /**
   * Every diffusion loss that image pairs or labelled images can train with (not the listwise ones: the image
   * data has no ranked lists), then the methods with their own sections.
   */
  @Override
  public List<MethodSpec> methods() {
    List<LossSpec> losses = new ArrayList<>(LossRegistry.specs().stream()
        .filter(s -> s.family() == LossSpec.Family.DIFFUSION && !ONLINE.contains(s.name()))
        .filter(s -> !LossRegistry.create(s.name(), Map.of()).needs().contains(Need.LISTS)).toList());
    losses.sort(Comparator.comparingInt(s -> ORDER.contains(s.name()) ? ORDER.indexOf(s.name()) : ORDER.size()));
    List<MethodSpec> out = new ArrayList<>();
    for (LossSpec s : losses) out.add(MethodSpec.ofLoss(s, MODALITY));
    out.add(INPO);
    out.add(SPO);
    out.add(D3PO);
    return out;
  }
}
