package dev.align4j.rewards.tfjs;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.util.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * nsfwjs's MobileNetV2 image classifier (npm {@code nsfwjs@4.4.0}, MIT, Infinite Red) as an ONNX graph, and
 * the build step that writes it to {@code models/mobilenet-neutral/model.onnx}.
 *
 * <p>The package bundles its models as browserify JavaScript modules: {@code dist/models/mobilenet_v2/model.min.js}
 * exports {@code {modelTopology, weightsManifest}} as a minified object literal (Keras 2.2.4, 162 layers) and
 * {@code group1-shard1of1.min.js} exports the weight bytes as one base64 string (2,619,461 uint8-quantised
 * values). Both are read straight out of the tarball ({@link NpmTarball}, checked against npm's integrity
 * string) and parsed with {@link JsLiteral}: no JavaScript runs. The graph takes {@code pixel_values} float
 * {@code [batch, 3, 224, 224]} (RGB in [0, 1]; the Keras model's NHWC input transposed, so it plugs into the
 * same preprocessing SPI as the other image rewards) and outputs {@code probabilities} {@code [batch, 5]}, the
 * softmax over {@link #CLASSES}.
 */
public final class NsfwjsModels {
  public static final String PACKAGE = "nsfwjs";
  public static final String VERSION = "4.4.0";
  /** npm's {@code dist.integrity} of {@code nsfwjs-4.4.0.tgz}. */
  public static final String INTEGRITY =
      "sha512-krC1fgeTLXtZwgdpKJ0jm7hqv0gTSRQQRL+FhOaxaJ9Wj92t42BO3csO2odwgTAgZgf2RvkwPtp0R8Aa7dc+MA==";
  public static final String TARBALL = PACKAGE + "-" + VERSION + ".tgz";
  static final String MODEL_DIR = "dist/models/mobilenet_v2/";
  static final String TOPOLOGY = MODEL_DIR + "model.min.js";
  static final String SHARD = "group1-shard1of1";
  /** The output classes in order ({@code dist/cjs/nsfw_classes.js}). */
  public static final List<String> CLASSES = List.of("Drawing", "Hentai", "Neutral", "Porn", "Sexy");
  /** The registry preset written by {@link #main}. */
  public static final String PRESET = "mobilenet-neutral";
  public static final String MODEL_FILE = "model.onnx";
  /** Model metadata key holding the tarball's integrity string. */
  public static final String SOURCE_KEY = "align4j.source";

  private NsfwjsModels() {}

  /** The MobileNetV2 model (topology and dequantised weights) inside the nsfwjs tarball {@code tgz}. */
  public static TfjsLayersModel mobilenetV2(Path tgz) {
    String shardFile = MODEL_DIR + SHARD + ".min.js";
    Map<String, byte[]> files = NpmTarball.read(tgz, INTEGRITY, Set.of(TOPOLOGY, shardFile));
    JsonNode modelJson = moduleExports(new String(files.get(TOPOLOGY), StandardCharsets.UTF_8));
    JsonNode shard = moduleExports(new String(files.get(shardFile), StandardCharsets.UTF_8));
    if (!shard.isTextual()) throw new UserError(tgz + ": " + shardFile + " does not export a base64 string");
    byte[] weights = Base64.getDecoder().decode(shard.asText());
    return TfjsLayersModel.read(modelJson, path -> path.equals(SHARD) ? weights : null);
  }

  /**
   * What a browserify bundle's first module assigns to {@code module.exports}: the literal after the first
   * {@code .exports=} that follows the module table's {@code {1:[function(}.
   */
  static JsonNode moduleExports(String js) {
    int table = js.indexOf("{1:[function(");
    if (table < 0) throw new IllegalArgumentException("not a browserify bundle (no module 1)");
    int assign = js.indexOf(".exports=", table);
    if (assign < 0) throw new IllegalArgumentException("browserify module 1 assigns no exports");
    return JsLiteral.parse(js, assign + ".exports=".length());
  }

  /** The ONNX graph of the MobileNetV2 in {@code tgz} (NCHW {@code pixel_values} in, {@code probabilities} out). */
  public static OnnxMl.ModelProto onnx(Path tgz) {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(SOURCE_KEY, "npm " + PACKAGE + "@" + VERSION + " " + MODEL_DIR + " (" + INTEGRITY + ")");
    meta.put("align4j.classes", String.join(",", CLASSES));
    meta.put("align4j.licence", "MIT (nsfwjs, Infinite Red)");
    return KerasToOnnx.convert(mobilenetV2(tgz), new KerasToOnnx.Options("nsfwjs_mobilenet_v2", "pixel_values",
        KerasToOnnx.Layout.NCHW, "probabilities", meta));
  }

  /** Whether {@code file} is this converter's graph of this tarball (the metadata says so). */
  static boolean upToDate(Path file) {
    if (!Files.isRegularFile(file)) return false;
    try (InputStream in = Files.newInputStream(file)) {
      OnnxMl.ModelProto m = OnnxMl.ModelProto.parseFrom(in);
      return meta(m, KerasToOnnx.CONVERTER_KEY).equals(Optional.of(KerasToOnnx.CONVERTER))
          && meta(m, SOURCE_KEY).map(s -> s.contains(INTEGRITY)).orElse(false);
    } catch (IOException e) {
      return false;
    }
  }

  private static Optional<String> meta(OnnxMl.ModelProto m, String key) {
    return m.getMetadataPropsList().stream().filter(p -> p.getKey().equals(key))
        .map(OnnxMl.StringStringEntryProto::getValue).findFirst();
  }

  /**
   * The build step: writes {@code <models>/mobilenet-neutral/model.onnx} unless it is already this converter's
   * graph of this tarball. The tarball is taken from {@code <cache>/nsfwjs-4.4.0.tgz}, fetched there with
   * {@code npm pack} when absent (npm's own registry settings and cache apply).
   *
   * <p>Arguments: {@code <models dir> <cache dir>}.
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 2) throw new IllegalArgumentException("usage: NsfwjsModels <models dir> <cache dir>");
    Path target = Path.of(args[0]).resolve(PRESET).resolve(MODEL_FILE).toAbsolutePath().normalize();
    if (upToDate(target)) {
      System.out.println("[align4j] " + target + " is up to date (" + PACKAGE + "@" + VERSION + ", "
          + KerasToOnnx.CONVERTER + ")");
      return;
    }
    Path cache = Path.of(args[1]).toAbsolutePath().normalize();
    Path tgz = fetch(cache);
    long start = System.nanoTime();
    OnnxMl.ModelProto model = onnx(tgz);
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling("." + MODEL_FILE + ".tmp-" + ProcessHandle.current().pid());
    try {
      Files.write(tmp, model.toByteArray());
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    System.out.printf(Locale.ROOT, "[align4j] wrote %s: %s@%s MobileNetV2, %d nodes, %.1f MB, in %.1f s%n", target,
        PACKAGE, VERSION, model.getGraph().getNodeCount(), Files.size(target) / 1e6, (System.nanoTime() - start) / 1e9);
  }

  /** {@code <cache>/nsfwjs-4.4.0.tgz}, running {@code npm pack} into {@code cache} when it is not there. */
  static Path fetch(Path cache) throws IOException, InterruptedException {
    Path tgz = cache.resolve(TARBALL);
    if (Files.isRegularFile(tgz)) return tgz;
    Files.createDirectories(cache);
    List<String> command = List.of("npm", "pack", PACKAGE + "@" + VERSION, "--pack-destination", cache.toString(),
        "--silent");
    System.out.println("[align4j] " + String.join(" ", command));
    Process p;
    try {
      p = new ProcessBuilder(command).inheritIO().start();
    } catch (IOException e) {
      throw new UserError("cannot run npm (" + e.getMessage() + "): the build takes " + PACKAGE + "@" + VERSION
          + " from the npm registry with `npm pack`; install Node.js and npm, or put " + TARBALL + " in " + cache);
    }
    int rc = p.waitFor();
    if (rc != 0 || !Files.isRegularFile(tgz)) {
      throw new UserError("`" + String.join(" ", command) + "` failed (exit " + rc + "); put " + TARBALL + " in "
          + cache + " by hand to build offline");
    }
    return tgz;
  }
}
