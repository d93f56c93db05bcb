package dev.align4j.image.torchscript;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.config.TrainerConfig;
import dev.align4j.core.data.DataConfig;
import dev.align4j.core.shapes.PickapicWriter;
import dev.align4j.core.shapes.RenderOptions;
import dev.align4j.core.shapes.Renderer;
import dev.align4j.core.shapes.ShapesDataset;
import dev.align4j.core.train.NamedParameter;
import dev.align4j.core.train.Progress;
import dev.align4j.core.train.Reference;
import dev.align4j.core.train.Trainer;
import dev.align4j.core.util.UserError;
import dev.align4j.diffusion.Denoiser;
import dev.align4j.image.ImageModality;
import dev.align4j.image.ImageModalityOptions;
import dev.align4j.image.data.ImageData;
import dev.align4j.image.data.ImageDatasets;
import dev.align4j.image.data.ImagePair;
import dev.align4j.losses.LossRegistry;
import dev.align4j.losses.PreferenceLoss;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-model path on the fixture of {@code tools/fixtures/make_torchscript_unet.py}: modules load and match
 * PyTorch, LoRA-only Diffusion-DPO on a Pick-a-Pic parquet trains only the adapters and lowers the loss, the
 * adapters-off reference is the base model, and tuned values round-trip.
 */
class TorchScriptPathTest {
  static final Path DIR = Path.of("src/test/resources/fixtures/sd-tiny");
  static JsonNode expected;
  static SdModelFiles files;
  @TempDir static Path shared;
  static ImageData<ImagePair> data;

  @BeforeAll
  static void setUp() throws Exception {
    expected = new ObjectMapper().readTree(DIR.resolve("expected.json").toFile());
    files = SdModelFiles.read(DIR);
    Path parquet = shared.resolve("train.parquet");
    new PickapicWriter().write(parquet, new ShapesDataset(new Renderer(RenderOptions.square(40)), 5, 2)
        .pickapic(40, 0, 0.1));
    data = ImageDatasets.paired(DataConfig.of(parquet.toString()), shared, files.resolution());
  }

  static float[] floats(JsonNode n) {
    float[] out = new float[n.size()];
    for (int i = 0; i < out.length; i++) out[i] = (float) n.get(i).asDouble();
    return out;
  }

  static void close(float[] want, float[] got, double tol, String what) {
    assertEquals(want.length, got.length, what);
    double worst = 0;
    for (int i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(want[i] - got[i]));
    assertTrue(worst <= tol, what + ": max difference " + worst);
  }

  @Test
  void modulesLoadAndMatchPyTorch() {
    try (SdModel model = files.open(Device.cpu()); NDManager m = NDManager.newBaseManager(Device.cpu())) {
      assertArrayEquals(new int[] {4, 8, 8}, model.unet().sampleShape());
      String caption = expected.get("caption").asText();
      long[] ids = model.textEncoder().tokenize(List.of(caption)).row(0);
      long[] want = new long[ids.length];
      for (int i = 0; i < want.length; i++) want[i] = expected.get("input_ids").get(i).asLong();
      assertArrayEquals(want, ids);
      NDArray context = model.textEncoder().encode(List.of(caption), m);
      close(floats(expected.get("context")), context.toFloatArray(), 1e-5, "text encoder");
      try (ClipTextEncoder onnx = ClipTextEncoder.load(DIR.resolve("text_encoder.onnx"), DIR.resolve("tokenizer.json"),
          files.textMaxLength(), files.padToken(), null)) {
        close(floats(expected.get("context")), onnx.encode(List.of(caption), m).toFloatArray(), 1e-5,
            "ONNX text encoder");
      }
      NDArray sample = m.create(floats(expected.get("sample")), new Shape(1, 4, 8, 8));
      NDArray t = m.create(new long[] {expected.get("timestep").asLong()});
      close(floats(expected.get("prediction")), model.unet().predict(sample, t, context, false).toFloatArray(), 1e-5,
          "UNet");
      float[] image = new float[3 * 32 * 32];
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < 32; y++) {
          for (int x = 0; x < 32; x++) image[(c * 32 + y) * 32 + x] = ((7 * c + 3 * y + 5 * x) % 17) / 8f - 1;
        }
      }
      NDArray latent = model.vae().encode(m.create(image, new Shape(1, 3, 32, 32)));
      float[] mean = floats(expected.get("latent_mean"));
      for (int i = 0; i < mean.length; i++) mean[i] *= 0.18215f;
      close(mean, latent.toFloatArray(), 1e-5, "VAE encoder x scaling_factor");
      float[] decoded = java.util.Arrays.copyOf(model.vae().decode(latent).toFloatArray(), 256);
      close(floats(expected.get("decoded_first_256")), decoded, 1e-4, "VAE decoder");
    }
  }

  static Map<String, float[]> values(Denoiser d) {
    Map<String, float[]> out = new HashMap<>();
    for (NamedParameter p : d.parameters()) out.put(p.name(), p.array().toFloatArray());
    return out;
  }

  static TrainerConfig trainer(int steps) {
    return new ObjectMapper().convertValue(Map.of("learning_rate", 0.01, "max_steps", steps,
        "per_device_train_batch_size", 8, "per_device_eval_batch_size", 64, "eval_steps", steps, "save_steps", 1000,
        "logging_steps", steps, "lr_scheduler_type", "constant", "seed", 1), TrainerConfig.class);
  }

  /** LoRA-only Diffusion-DPO with the adapters-off reference, on 8 pairs (the loss is measured on them). */
  @Test
  void loraOnlyDiffusionDpoTrainsTheAdaptersAndLowersTheLoss(@TempDir Path run) throws Exception {
    try (SdModel model = files.open(Device.cpu())) {
      TorchScriptUnet unet = model.unet();
      unet.setTrainable(name -> name.contains("lora"));
      List<NamedParameter> trainable = unet.trainableParameters();
      assertEquals(expected.get("unet_lora_parameter_names").size(), trainable.size());
      assertTrue(unet.hasAdapters());
      Map<String, float[]> before = values(unet);
      Reference<Denoiser> ref = Reference.adaptersDisabled(unet);
      ImageModality modality = new ImageModality(model.textEncoder(), model.vae(), model.schedule(),
          ImageModalityOptions.of(files.resolution()));
      PreferenceLoss loss = LossRegistry.create("diffusion_dpo", Map.of("beta", 5000.0));
      List<ImagePair> train = data.train().subList(0, 8);
      // The loss is measured on the training pairs, each under 8 fixed draws (one draw per pair is too noisy).
      List<ImagePair> measured = new java.util.ArrayList<>();
      for (int k = 0; k < 8; k++) {
        for (ImagePair p : train)
            measured.add(new ImagePair(p.caption(), p.winner(), p.loser(), p.source() + " #" + k));
      }
      Trainer.Result r = Trainer.<ImagePair, Denoiser>preference(trainer(30), modality, loss, unet).reference(ref)
          .trainable(trainable).data(train, measured).runDir(run).configYaml("x: 1\n")
          .optimizerManager(NDManager.newBaseManager(Device.cpu())).build()
          .train(null, new Progress(new PrintStream(new ByteArrayOutputStream()), false, 0, 30));
      String evalLog = Files.readString(run.resolve("eval.jsonl"));
      double start = new ObjectMapper().readTree(evalLog.lines().findFirst().orElseThrow()).get("eval_loss").asDouble();
      double end = r.lastEval().get("eval_loss");
      System.out.printf("LoRA diffusion_dpo on %d Pick-a-Pic pairs: loss %.4f -> %.4f, accuracy %.3f%n", train.size(),
          start, end, r.lastEval().get("eval_rewards/accuracies"));
      assertEquals(Math.log(2), start, 1e-4, "the policy starts equal to its reference");
      // Measured here: 0.693 -> 0.646..0.654 over trainer seeds 1-3.
      assertTrue(end < start - 0.02, "loss " + start + " -> " + end);
      assertTrue(r.lastEval().get("eval_rewards/margins") > 0);
      Map<String, float[]> after = values(unet);
      int changed = 0;
      for (Map.Entry<String, float[]> e : before.entrySet()) {
        boolean same = java.util.Arrays.equals(e.getValue(), after.get(e.getKey()));
        if (e.getKey().contains("lora")) {
          if (!same) changed++;
        } else {
          assertTrue(same, e.getKey() + " is frozen");
        }
      }
      assertTrue(changed >= 4, changed + " LoRA tensors changed");

      // The adapters-off reference is exactly the base module.
      try (NDManager m = NDManager.newBaseManager(Device.cpu());
          TorchScriptUnet base = TorchScriptUnet.builder(files.unet()).trainable(false).sampleShape(4, 8, 8).build()) {
        NDArray sample = m.randomNormal(new Shape(2, 4, 8, 8));
        NDArray t = m.create(new long[] {10, 700});
        NDArray ctx = model.textEncoder().encode(List.of("a red circle", "a blue cross"), m);
        float[] tuned = unet.predict(sample, t, ctx, false).toFloatArray();
        float[] off = ref.apply(unet, d -> d.predict(sample, t, ctx, false)).toFloatArray();
        float[] plain = base.predict(sample, t, ctx, false).toFloatArray();
        assertArrayEquals(plain, off, 0f);
        assertFalse(java.util.Arrays.equals(tuned, plain), "the tuned adapters change the prediction");
        assertArrayEquals(tuned, unet.predict(sample, t, ctx, false).toFloatArray(), 0f, "adapters back on");

        // Tuned values round-trip: only the adapters are saved.
        Path saved = run.resolve("final");
        try (NDList list = NDList.decode(m, Files.readAllBytes(saved.resolve(TorchScriptUnet.VALUES)))) {
          assertEquals(trainable.size(), list.size());
          for (NDArray a : list) assertTrue(a.getName().contains("lora"), a.getName());
        }
        try (TorchScriptUnet reloaded = TorchScriptUnet.builder(saved.resolve(TorchScriptUnet.MODULE)).trainable(false)
            .sampleShape(4, 8, 8).tunedValues(saved).build()) {
          assertArrayEquals(tuned, reloaded.predict(sample, t, ctx, false).toFloatArray(), 0f);
        }
      }
      ref.close();
    }
  }

  /** Trains LoRA adapters for {@code steps} (stopping after {@code stopAfter}, resuming from {@code resume}). */
  static Map<String, float[]> loraRun(Path run, int steps, Integer stopAfter, Path resume) {
    try (SdModel model = files.open(Device.cpu()); NDManager optimizer = NDManager.newBaseManager(Device.cpu())) {
      TorchScriptUnet unet = model.unet();
      unet.setTrainable(name -> name.contains("lora"));
      Reference<Denoiser> ref = Reference.adaptersDisabled(unet);
      TrainerConfig cfg = new ObjectMapper().convertValue(Map.of("learning_rate", 0.01, "max_steps", steps,
          "per_device_train_batch_size", 4, "save_steps", 3, "logging_steps", 3, "seed", 4), TrainerConfig.class);
      Trainer.<ImagePair, Denoiser>preference(cfg, new ImageModality(model.textEncoder(), model.vae(),
          model.schedule(), ImageModalityOptions.of(files.resolution())),
          LossRegistry.create("diffusion_dpo", Map.of()), unet).reference(ref).trainable(unet.trainableParameters())
          .data(data.train().subList(0, 12), List.of())
          .runDir(run).configYaml("x: 1\n").stopAfterStep(stopAfter).optimizerManager(optimizer).build()
          .train(resume, new Progress(new PrintStream(new ByteArrayOutputStream()), false, 0, steps));
      Map<String, float[]> out = values(unet);
      ref.close();
      return out;
    }
  }

  @Test
  void resumedLoraRunContinuesExactly(@TempDir Path tmp) {
    Map<String, float[]> straight = loraRun(tmp.resolve("a"), 6, null, null);
    loraRun(tmp.resolve("b"), 6, 3, null);
    Map<String, float[]> resumed = loraRun(tmp.resolve("b"), 6, null,
        dev.align4j.core.train.Checkpoint.resolve(tmp.resolve("b")));
    for (Map.Entry<String, float[]> e : straight.entrySet()) {
      assertArrayEquals(e.getValue(), resumed.get(e.getKey()), 1e-6f, e.getKey());
    }
    assertFalse(java.util.Arrays.equals(straight.get("attn.to_q.lora_B.weight"), new float[16 * 4]), "trained");
  }

  @Test
  void frozenCopyReferenceAndGradientsThroughTheScriptedUnet() {
    try (SdModel model = files.open(Device.cpu()); NDScope scope = new NDScope()) {
      TorchScriptUnet unet = model.unet();
      unet.setTrainable(name -> !name.contains("lora"));  // full fine-tuning of the base weights
      Reference<Denoiser> ref = Reference.frozenCopy(unet);
      ImageModality modality = new ImageModality(model.textEncoder(), model.vae(), model.schedule(),
          ImageModalityOptions.of(files.resolution()));
      PreferenceLoss dspo = LossRegistry.create("dspo", Map.of());
      Engine.getInstance().setRandomSeed(2);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        // Text-encoder and VAE outputs and the reference's predictions come from inference-mode forwards; the
        // backward pass would fail if any of them were saved for it.
        gc.backward(dspo.compute(modality.terms(unet, ref, data.train().subList(0, 4), dspo.needs(), true)).loss());
      }
      for (NamedParameter p : unet.trainableParameters()) {
        assertTrue(p.array().getGradient().abs().sum().getFloat() > 0, p.name() + " has a gradient");
      }
      for (NamedParameter p : ref.copy().parameters()) assertFalse(p.array().hasGradient(), p.name());
      ref.close();
    }
  }

  @Test
  void manifestMistakesAreOneLine(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("model.json"), "{\"unet\": \"unet.pt\", \"scaling_factr\": 0.2}");
    UserError e = assertThrows(UserError.class, () -> SdModelFiles.read(dir));
    assertTrue(e.getMessage().contains("unknown key 'scaling_factr'") && e.getMessage().contains("scaling_factor"),
        e.getMessage());
    Files.writeString(dir.resolve("model.json"), "{\"unet\": \"unet.pt\"}");
    e = assertThrows(UserError.class, () -> SdModelFiles.read(dir));
    assertTrue(e.getMessage().contains("unet") && e.getMessage().contains("does not exist"), e.getMessage());
    e = assertThrows(UserError.class,
        () -> TorchScriptUnet.builder(dir.resolve("model.json")).sampleShape(4, 8, 8).build());
    assertTrue(e.getMessage().startsWith("cannot load TorchScript UNet"), e.getMessage());
  }
}
