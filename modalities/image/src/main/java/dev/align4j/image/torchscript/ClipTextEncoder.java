package dev.align4j.image.torchscript;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.common.base.Preconditions;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.align4j.core.util.UserError;
import dev.align4j.diffusion.CaptionEncoder;
import dev.align4j.diffusion.NoiseSchedule;
import dev.align4j.rewards.manifest.RewardManifest;
import dev.align4j.rewards.onnx.OnnxSession;
import dev.align4j.rewards.onnx.SessionConfig;
import dev.align4j.rewards.onnx.Tensor;
import dev.align4j.rewards.scoring.ClipTokenizer;
import dev.align4j.rewards.scoring.TokenBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A frozen CLIP-style text encoder: captions tokenised with a Hugging Face {@code tokenizer.json} (start and
 * end tokens from its post-processor, truncated keeping the end token, padded to {@code max_length} with the
 * pad token, as Stable Diffusion's pipelines do), then {@code input_ids -> last_hidden_state [B, L, D]} through
 * a TorchScript module ({@code .pt}; a tuple output's first element) or an ONNX graph ({@code .onnx}; the
 * {@code last_hidden_state} output, an {@code attention_mask} input fed when the graph has one). Every
 * caption's embedding is cached: the encoder never changes during tuning.
 */
public final class ClipTextEncoder implements CaptionEncoder {
  private static final int CACHED_CAPTIONS = 10_000;
  private final Path file;
  private final ClipTokenizer tokenizer;
  private final ScriptModule script;
  private final OnnxSession onnx;
  private final Cache<String, float[]> cache = CacheBuilder.newBuilder().maximumSize(CACHED_CAPTIONS).build();
  private volatile long[] embeddingShape;

  private ClipTextEncoder(Path file, ClipTokenizer tokenizer, ScriptModule script, OnnxSession onnx) {
    this.file = file;
    this.tokenizer = tokenizer;
    this.script = script;
    this.onnx = onnx;
  }

  /**
   * Loads an encoder and its tokenizer.
   *
   * @param file {@code .pt} (TorchScript) or {@code .onnx}
   * @param maxLength tokens per caption (77 for CLIP)
   * @param padToken CLIP pads with {@code <|endoftext|>}
   * @param device where a TorchScript encoder runs (null: the engine's default); ONNX runs on the CPU
   */
  public static ClipTextEncoder load(Path file, Path tokenizerJson, int maxLength, String padToken, Device device) {
    Preconditions.checkArgument(maxLength > 1, "max length %s", maxLength);
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean isOnnx = name.endsWith(".onnx");
    if (!isOnnx && !name.endsWith(".pt") && !name.endsWith(".pth") && !name.endsWith(".ts")) {
      throw new UserError(file + ": a text encoder must be TorchScript (.pt) or ONNX (.onnx)");
    }
    ClipTokenizer tokenizer = ClipTokenizer.load(tokenizerJson, new RewardManifest.Text(maxLength, padToken));
    try {
      if (isOnnx) {
        OnnxSession session = OnnxSession.open(file, SessionConfig.cpu());
        if (!session.hasInput("input_ids") || !session.hasOutput("last_hidden_state")) {
          String io = "inputs " + session.inputNames() + ", outputs " + session.outputNames();
          session.close();
          throw new UserError(file + ": a text encoder needs input 'input_ids' and output 'last_hidden_state' (" + io
              + ")");
        }
        return new ClipTextEncoder(file, tokenizer, null, session);
      }
      return new ClipTextEncoder(file, tokenizer, ScriptModule.load(file, false, device, "text encoder"), null);
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  @Override
  public NDArray encode(List<String> captions, NDManager manager) {
    Preconditions.checkArgument(!captions.isEmpty(), "no captions");
    List<String> missing = new ArrayList<>();
    for (String c : captions) {
      if (cache.getIfPresent(c) == null && !missing.contains(c)) missing.add(c);
    }
    if (!missing.isEmpty()) run(missing, manager);
    long[] shape = embeddingShape;
    int per = Math.toIntExact(new Shape(shape).size());
    float[] all = new float[captions.size() * per];
    for (int i = 0; i < captions.size(); i++) {
      float[] one = cache.getIfPresent(captions.get(i));
      if (one == null) {  // evicted meanwhile: encode it alone
        run(List.of(captions.get(i)), manager);
        one = cache.getIfPresent(captions.get(i));
      }
      System.arraycopy(one, 0, all, i * per, per);
    }
    return NoiseSchedule.owned(manager, all, new Shape(captions.size(), shape[0], shape[1]));
  }

  /** Token ids {@code [B, max_length]} as this encoder sees them. */
  public TokenBatch tokenize(List<String> captions) {
    return tokenizer.encode(captions);
  }

  private void run(List<String> captions, NDManager manager) {
    TokenBatch tokens = tokenizer.encode(captions);
    float[] values;
    long[] shape;
    if (onnx != null) {
      Map<String, Tensor> feeds = new java.util.LinkedHashMap<>();
      feeds.put("input_ids", tokens.idsTensor());
      if (onnx.hasInput("attention_mask")) feeds.put("attention_mask", tokens.maskTensor());
      Tensor.FloatTensor out = onnx.run(feeds, Set.of("last_hidden_state")).get("last_hidden_state");
      values = out.data();
      shape = out.shape();
    } else {
      try (NDManager scratch = manager.newSubManager()) {
        NDArray ids = scratch.create(tokens.ids(), new Shape(tokens.rows(), tokens.length()));
        NDArray out = script.infer(new NDList(ids));
        shape = out.getShape().getShape();
        values = out.toType(DataType.FLOAT32, false).toFloatArray();
      }
    }
    if (shape.length != 3 || shape[0] != captions.size()) {
      throw new UserError("text encoder " + file + " returned " + new Shape(shape) + " for " + captions.size()
          + " captions; expected last_hidden_state [B, L, D]");
    }
    embeddingShape = new long[] {shape[1], shape[2]};
    int per = Math.toIntExact(shape[1] * shape[2]);
    for (int i = 0; i < captions.size(); i++) {
      cache.put(captions.get(i), java.util.Arrays.copyOfRange(values, i * per, (i + 1) * per));
    }
  }

  @Override
  public void close() {
    tokenizer.close();
    if (script != null) script.close();
    if (onnx != null) onnx.close();
  }

  @Override
  public String toString() {
    return "ClipTextEncoder[" + file + "]";
  }
}
