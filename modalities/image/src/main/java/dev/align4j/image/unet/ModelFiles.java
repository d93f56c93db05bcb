package dev.align4j.image.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.align4j.core.nn.InPlace;
import dev.align4j.core.train.NamedParameter;
import dev.align4j.core.util.FileTrees;
import dev.align4j.core.util.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The on-disk form shared by the Java networks of this package: a directory with {@code config.json} and
 * {@code model.params} (every parameter as a named array, DJL's NDList encoding). Names, not positions, tie
 * the values to the network, so a mismatch is reported by name. Writes go to a temporary sibling directory
 * that is renamed into place.
 */
public final class ModelFiles {
  public static final String CONFIG = "config.json";
  public static final String PARAMS = "model.params";
  static final ObjectMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private ModelFiles() {}

  /** Writes {@code manifest} and {@code params} into {@code dir}, replacing it as a whole. */
  public static void save(Path dir, Object manifest, List<NamedParameter> params) throws IOException {
    FileTrees.writeFolder(dir.toAbsolutePath().normalize(), temp -> {
      JSON.writeValue(temp.resolve(CONFIG).toFile(), manifest);
      NDList list = new NDList();
      for (NamedParameter p : params) {
        NDArray a = p.array();
        NDArray copy = a.duplicate();
        copy.setName(p.name());
        list.add(copy);
      }
      try {
        Files.write(temp.resolve(PARAMS), list.encode());
      } finally {
        list.close();
      }
    });
  }

  /** Reads {@code config.json} as {@code type}; a missing or malformed file is a {@link UserError}. */
  public static <T> T readManifest(Path dir, Class<T> type, String what) {
    Path file = dir.resolve(CONFIG);
    try {
      return JSON.readValue(file.toFile(), type);
    } catch (JsonProcessingException e) {
      throw new UserError(file + ": not a " + what + " config (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      if (!Files.exists(file)) throw new UserError(file + ": no such file (not a " + what + " directory?)");
      throw new UserError(file + ": cannot read (" + e.getMessage() + ")");
    }
  }

  /**
   * Copies the saved values into {@code params} in place (they keep their gradient flags); every parameter
   * must be present with its shape, and nothing else.
   */
  public static void loadInto(Path dir, List<NamedParameter> params, NDManager scratch) {
    Path file = dir.resolve(PARAMS);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new UserError(file + ": no such file");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (NDManager m = scratch.newSubManager()) {
      NDList saved;
      try {
        saved = NDList.decode(m, bytes);
      } catch (RuntimeException e) {
        throw new UserError(file + ": not a parameter file (" + e.getMessage() + ")");
      }
      Map<String, NDArray> byName = new HashMap<>();
      for (NDArray a : saved) byName.put(a.getName(), a);
      for (NamedParameter p : params) {
        NDArray v = byName.remove(p.name());
        if (v == null) throw new UserError(file + ": has no parameter " + p.name() + " (does " + CONFIG + " match?)");
        if (!v.getShape().equals(p.array().getShape())) {
          throw new UserError(file + ": parameter " + p.name() + " has shape " + v.getShape() + ", the model "
              + p.array().getShape());
        }
        InPlace.copy(v, p.array());
      }
      if (!byName.isEmpty()) {
        throw new UserError(file + ": has parameters the model lacks, e.g. " + byName.keySet().iterator().next()
            + " (does " + CONFIG + " match?)");
      }
    }
  }
}
