package dev.align4j.text.gpt;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.align4j.core.util.FileTrees;
import dev.align4j.core.util.UserError;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;

/**
 * A {@link Gpt} on disk: a directory holding {@code config.json} (the {@link GptConfig} and, if attached,
 * the {@link LoraConfig}) and {@code model.params} (every parameter, adapters included, in DJL's
 * {@code Block.saveParameters} format). Saving writes a temporary sibling directory and renames it into
 * place, so a checkpoint is either complete or absent.
 */
public final class GptCheckpoint {

  /** File with the model's shape and adapters. */
  public static final String CONFIG_FILE = "config.json";
  /** File with the parameter values. */
  public static final String PARAMS_FILE = "model.params";
  private static final String FORMAT = "align4j-gpt";
  private static final int VERSION = 1;
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  /** What {@code config.json} holds. */
  record Manifest(
      @JsonProperty("format") String format,
      @JsonProperty("version") int version,
      @JsonProperty("model") GptConfig model,
      @JsonProperty("lora") LoraConfig lora) {}

  private GptCheckpoint() {}

  /** Writes {@code model} to {@code dir}, replacing what was there. */
  public static void save(Gpt model, Path dir) throws IOException {
    FileTrees.writeFolder(dir.toAbsolutePath().normalize(), temp -> {
      Manifest manifest = new Manifest(FORMAT, VERSION, model.config(), model.lora().orElse(null));
      JSON.writeValue(temp.resolve(CONFIG_FILE).toFile(), manifest);
      try (DataOutputStream out = new DataOutputStream(
          new BufferedOutputStream(Files.newOutputStream(temp.resolve(PARAMS_FILE))))) {
        model.saveParameters(out);
      }
    });
  }

  /**
   * Reads the model in {@code dir}; its parameters live on {@code manager}. Parameters come back trainable
   * (gradients attached), adapters enabled.
   *
   * @throws UserError when the directory is missing, incomplete or not a GPT checkpoint
   */
  public static Gpt load(Path dir, NDManager manager) throws IOException {
    Manifest manifest = readManifest(dir);
    Gpt model = new Gpt(manifest.model());
    if (manifest.lora() != null) {
      LoraConfig lora = manifest.lora();
      model.applyLora(lora.rank(), lora.alpha(), new HashSet<>(lora.targetModules()), 0L);
    }
    Path params = dir.resolve(PARAMS_FILE);
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(params)))) {
      model.loadParameters(manager, in);
      if (in.read() != -1) {
        throw new UserError(params + ": has data past the model's parameters (does config.json match?)");
      }
    } catch (NoSuchFileException e) {
      throw new UserError(params + ": no such file");
    } catch (MalformedModelException | IOException e) {
      throw new UserError(params + ": does not match " + dir.resolve(CONFIG_FILE) + " (" + e.getMessage() + ")", e);
    }
    // DJL's Parameter.load replaces the array without marking it as requiring gradients.
    for (Parameter parameter : model.getParameters().values()) {
      if (parameter.requiresGradient()) {
        parameter.getArray().setRequiresGradient(true);
      }
    }
    return model;
  }

  private static Manifest readManifest(Path dir) {
    Path file = dir.resolve(CONFIG_FILE);
    Manifest manifest;
    try {
      manifest = JSON.readValue(file.toFile(), Manifest.class);
    } catch (JsonProcessingException e) {
      throw new UserError(file + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      if (!Files.exists(file)) {
        throw new UserError(file + ": no such file (not a GPT checkpoint directory?)");
      }
      throw new UserError(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    if (!FORMAT.equals(manifest.format()) || manifest.version() != VERSION || manifest.model() == null) {
      throw new UserError(file + ": not an " + FORMAT + " v" + VERSION + " checkpoint (format "
          + manifest.format() + ", version " + manifest.version() + ")");
    }
    return manifest;
  }
}
