package dev.align4j.image.torchscript;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.util.UserError;
import dev.align4j.diffusion.BetaSchedule;
import dev.align4j.diffusion.NoiseSchedule;
import dev.align4j.diffusion.Prediction;
import dev.align4j.losses.Suggestions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * A Stable-Diffusion-shaped model exported for align4j: a directory of TorchScript modules (and an optional
 * ONNX text encoder) described by {@code model.json}:
 *
 * <pre>
 * {"unet": "unet.pt", "text_encoder": "text_encoder.pt" (or .onnx), "tokenizer": "tokenizer.json",
 *  "vae_encoder": "vae_encoder.pt", "vae_decoder": "vae_decoder.pt" (optional),
 *  "prediction_type": "epsilon" | "v_prediction", "scaling_factor": 0.18215, "resolution": 512,
 *  "text_max_length": 77, "pad_token": "&lt;|endoftext|&gt;", "timestep_dtype": "int64" | "float32",
 *  "num_train_timesteps": 1000, "beta_schedule": "scaled_linear", "beta_start": 0.00085, "beta_end": 0.012}
 * </pre>
 *
 * Paths are relative to the directory. Everything after {@code vae_decoder} has the Stable Diffusion 1.5
 * default shown. Unknown keys are an error naming the nearest known one.
 */
public record SdModelFiles(Path dir, Path unet, Path textEncoder, Path tokenizer, Path vaeEncoder, Path vaeDecoder,
    Prediction prediction, double scalingFactor, int resolution, int textMaxLength, String padToken,
    DataType timestepType, int trainTimesteps, BetaSchedule betaSchedule, double betaStart, double betaEnd) {

  /** The manifest's file name. */
  public static final String MANIFEST = "model.json";
  private static final List<String> KEYS = List.of("unet", "text_encoder", "tokenizer", "vae_encoder", "vae_decoder",
      "prediction_type", "scaling_factor", "resolution", "text_max_length", "pad_token", "timestep_dtype",
      "num_train_timesteps", "beta_schedule", "beta_start", "beta_end", "generator");

  /** Reads {@code dir/model.json}; every named file must exist. */
  public static SdModelFiles read(Path dir) {
    Path manifest = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) throw new UserError(manifest + ": no such file (a TorchScript diffusion model "
        + "directory needs " + MANIFEST + ")");
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(manifest.toFile());
    } catch (IOException e) {
      throw new UserError(manifest + ": not valid JSON (" + ScriptModule.firstLine(e.getMessage()) + ")");
    }
    if (root == null || !root.isObject()) throw new UserError(manifest + ": expected a JSON object");
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key))
          throw new UserError(manifest + ": unknown key '" + key + "'" + Suggestions.didYouMean(key, KEYS));
    }
    Reader r = new Reader(manifest, root, dir);
    Prediction prediction = switch (r.string("prediction_type", "epsilon")) {
      case "epsilon" -> Prediction.EPSILON;
      case "v_prediction" -> Prediction.V_PREDICTION;
      default -> throw new UserError(manifest + ": prediction_type must be epsilon or v_prediction");
    };
    DataType timestep = switch (r.string("timestep_dtype", "int64")) {
      case "int64" -> DataType.INT64;
      case "float32" -> DataType.FLOAT32;
      default -> throw new UserError(manifest + ": timestep_dtype must be int64 or float32");
    };
    BetaSchedule schedule;
    try {
      schedule = BetaSchedule.parse(r.string("beta_schedule", "scaled_linear"));
    } catch (UserError e) {
      throw new UserError(manifest + ": " + e.getMessage());
    }
    return new SdModelFiles(dir, r.file("unet", true), r.file("text_encoder", true), r.file("tokenizer", true),
        r.file("vae_encoder", true), r.file("vae_decoder", false), prediction, r.number("scaling_factor", 0.18215),
        (int) r.number("resolution", 512), (int) r.number("text_max_length", 77),
            r.string("pad_token", "<|endoftext|>"),
        timestep, (int) r.number("num_train_timesteps", 1000), schedule, r.number("beta_start", 0.00085),
        r.number("beta_end", 0.012));
  }

  /** The training noise schedule. */
  public NoiseSchedule schedule() {
    return new NoiseSchedule(betaSchedule, trainTimesteps, betaStart, betaEnd);
  }

  /** Loads every module. The UNet is trainable (choose its trained subset with {@code setTrainable}). */
  public SdModel open(Device device) {
    ClipTextEncoder text = ClipTextEncoder.load(textEncoder, tokenizer, textMaxLength, padToken, device);
    TorchScriptVae vae = null;
    try {
      vae = TorchScriptVae.load(vaeEncoder, vaeDecoder, scalingFactor, device);
      int[] latent = latentShape(vae, device);
      TorchScriptUnet unetModel = TorchScriptUnet.builder(unet).device(device)
          .sampleShape(latent[0], latent[1], latent[2])
          .prediction(prediction).timestepType(timestepType).build();
      return new SdModel(this, unetModel, text, vae, schedule());
    } catch (RuntimeException e) {
      text.close();
      if (vae != null) vae.close();
      throw e;
    }
  }

  /** The latent shape the VAE gives an image at {@link #resolution()}, from one forward pass. */
  private int[] latentShape(TorchScriptVae vae, Device device) {
    try (NDManager m = device == null ? NDManager.newBaseManager() : NDManager.newBaseManager(device)) {
      NDArray latent = vae.encode(m.zeros(new Shape(1, 3, resolution, resolution)));
      Shape s = latent.getShape();
      return new int[] {(int) s.get(1), (int) s.get(2), (int) s.get(3)};
    }
  }

  /** Reads typed values with defaults, naming the manifest in errors. */
  private record Reader(Path manifest, JsonNode root, Path dir) {
    String string(String key, String fallback) {
      JsonNode v = root.get(key);
      if (v == null || v.isNull()) return fallback;
      if (!v.isTextual() || v.textValue().isBlank())
          throw new UserError(manifest + ": " + key + " must be a non-empty string");
      return v.textValue();
    }

    double number(String key, double fallback) {
      JsonNode v = root.get(key);
      if (v == null || v.isNull()) return fallback;
      if (!v.isNumber() || !(v.doubleValue() > 0))
          throw new UserError(manifest + ": " + key + " must be a positive number");
      return v.doubleValue();
    }

    Path file(String key, boolean required) {
      String name = string(key, null);
      if (name == null) {
        if (required) throw new UserError(manifest + ": missing '" + key + "'");
        return null;
      }
      Path file = dir.resolve(name).normalize();
      if (!Files.isRegularFile(file)) throw new UserError(manifest + ": " + key + " " + file + " does not exist");
      return file;
    }
  }
}
