package dev.align4j.image.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.align4j.core.nn.LoraLinear;
import dev.align4j.core.nn.SeededInitializer;
import dev.align4j.core.train.NamedParameter;
import dev.align4j.core.util.UserError;
import dev.align4j.diffusion.CaptionEncoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small caption encoder for closed-vocabulary captions (the shapes world's): words to ids (a start token,
 * then the words, padded to a fixed length), token and learned position embeddings, a few pre-LayerNorm
 * transformer layers (full attention, padding included, as CLIP's 77 padded tokens in Stable Diffusion) and
 * a final LayerNorm. "" encodes as the start token and padding: the unconditional caption of CFG. Trained with
 * the UNet during base pre-training ({@link #encode(List, NDManager, boolean)} with training on), frozen after.
 */
public final class WordCaptionEncoder implements CaptionEncoder {
  static final String FORMAT = "align4j-word-encoder";
  static final int VERSION = 1;
  private static final int PAD = 0;
  private static final int START = 1;

  record Manifest(
      @JsonProperty("format") String format,
      @JsonProperty("version") int version,
      @JsonProperty("encoder") WordEncoderConfig encoder) {}

  private final WordEncoderConfig config;
  private final Net net;
  private final NDManager manager;
  private final ParameterStore store;
  private final Map<String, Integer> ids = new HashMap<>();

  private WordCaptionEncoder(WordEncoderConfig config, long seed, NDManager manager) {
    this.config = config;
    this.manager = manager;
    this.store = new ParameterStore(manager, false);
    for (int i = 0; i < config.vocabulary().size(); i++) ids.put(config.vocabulary().get(i), i + 2);
    net = new Net(config);
    for (Pair<String, Parameter> p : net.getParameters()) {
      Parameter param = p.getValue();
      Shape s = param.getShape();
      if (param.getType() == Parameter.Type.WEIGHT) {
        boolean embedding = p.getKey().endsWith("emb");
        double scale = embedding ? 0.02 : 1 / Math.sqrt(s.size() / s.get(0));
        long paramSeed = SeededInitializer.seedFor(seed, p.getKey());
        param.setInitializer(embedding ? SeededInitializer.normal(scale, paramSeed)
            : SeededInitializer.uniform(scale, paramSeed));
      } else {
        param.setInitializer(param.getType() == Parameter.Type.GAMMA
            ? ai.djl.training.initializer.Initializer.ONES : ai.djl.training.initializer.Initializer.ZEROS);
      }
      param.initialize(manager, DataType.FLOAT32);
    }
  }

  /** A new encoder with weights from {@code seed}, in a sub-manager of {@code parent}. */
  public static WordCaptionEncoder create(WordEncoderConfig config, long seed, NDManager parent) {
    return new WordCaptionEncoder(config, seed, parent.newSubManager());
  }

  /** Loads a directory written by {@link #save}, frozen. */
  public static WordCaptionEncoder load(Path dir, NDManager parent) {
    Manifest m = ModelFiles.readManifest(dir, Manifest.class, "caption encoder");
    if (!FORMAT.equals(m.format()) || m.version() != VERSION || m.encoder() == null) {
      throw new UserError(dir.resolve(ModelFiles.CONFIG) + ": not an " + FORMAT + " v" + VERSION + " encoder");
    }
    WordCaptionEncoder e = create(m.encoder(), 0, parent);
    try {
      ModelFiles.loadInto(dir, e.parameters(), e.manager);
    } catch (RuntimeException ex) {
      e.close();
      throw ex;
    }
    e.freeze();
    return e;
  }

  public WordEncoderConfig config() {
    return config;
  }

  /** Embedding width D of the encodings. */
  public int dim() {
    return config.dim();
  }

  /** Every parameter by stable name. */
  public List<NamedParameter> parameters() {
    return NamedParameter.of(net.getParameters());
  }

  /** Stops gradients into the encoder (after pre-training). */
  public void freeze() {
    for (NamedParameter p : parameters()) p.array().setRequiresGradient(false);
  }

  public void save(Path dir) throws IOException {
    ModelFiles.save(dir, new Manifest(FORMAT, VERSION, config), parameters());
  }

  /** Token ids of a caption: start token, words, padding to max_length. */
  public int[] tokenize(String caption) {
    String trimmed = caption.trim().toLowerCase(Locale.ROOT);
    String[] words = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
    if (words.length + 1 > config.maxLength()) {
      throw new UserError("caption '" + caption + "': " + words.length + " words, the caption encoder takes at most "
          + (config.maxLength() - 1));
    }
    int[] t = new int[config.maxLength()];
    t[0] = START;
    for (int i = 0; i < words.length; i++) {
      Integer id = ids.get(words[i]);
      if (id == null) {
        throw new UserError("caption '" + caption + "': the word '" + words[i] + "' is not in the caption encoder's "
            + "vocabulary (" + config.vocabulary().size() + " words: " + String.join(" ", config.vocabulary()) + ")");
      }
      t[i + 1] = id;
    }
    for (int i = words.length + 1; i < t.length; i++) t[i] = PAD;
    return t;
  }

  @Override
  public NDArray encode(List<String> captions, NDManager target) {
    return encode(captions, target, false);
  }

  /** Embeddings [B, max_length, D]; with {@code training} gradients flow into the encoder's parameters. */
  public NDArray encode(List<String> captions, NDManager target, boolean training) {
    long[] flat = new long[captions.size() * config.maxLength()];
    for (int b = 0; b < captions.size(); b++) {
      int[] t = tokenize(captions.get(b));
      for (int i = 0; i < t.length; i++) flat[b * t.length + i] = t[i];
    }
    NDArray tokens;
    try (NDArray blob = target.create(flat, new Shape(captions.size(), config.maxLength()))) {
      tokens = blob.duplicate();
    }
    return net.forward(store, tokens, training);
  }

  @Override
  public void close() {
    manager.close();
  }

  /** The network: embeddings, transformer layers, final norm. */
  static final class Net extends AbstractBlock {
    private final WordEncoderConfig config;
    private final Parameter tokenEmbedding;
    private final Parameter positionEmbedding;
    private final List<LayerNorm1d> ln1 = new ArrayList<>();
    private final List<Attention> attention = new ArrayList<>();
    private final List<LayerNorm1d> ln2 = new ArrayList<>();
    private final List<LoraLinear> mlpIn = new ArrayList<>();
    private final List<LoraLinear> mlpOut = new ArrayList<>();
    private final LayerNorm1d finalNorm;

    Net(WordEncoderConfig c) {
      super((byte) 1);
      config = c;
      tokenEmbedding = addParameter(Parameter.builder().setName("tok_emb").setType(Parameter.Type.WEIGHT)
          .optShape(new Shape(c.vocabSize(), c.dim())).build());
      positionEmbedding = addParameter(Parameter.builder().setName("pos_emb").setType(Parameter.Type.WEIGHT)
          .optShape(new Shape(c.maxLength(), c.dim())).build());
      for (int i = 0; i < c.layers(); i++) {
        ln1.add(addChildBlock("ln1_" + i, new LayerNorm1d(c.dim())));
        attention.add(addChildBlock("attn" + i, new Attention(c.dim(), c.dim(), c.heads())));
        ln2.add(addChildBlock("ln2_" + i, new LayerNorm1d(c.dim())));
        mlpIn.add(addChildBlock("mlp_in" + i, new LoraLinear(c.dim(), 2L * c.dim(), true)));
        mlpOut.add(addChildBlock("mlp_out" + i, new LoraLinear(2L * c.dim(), c.dim(), true)));
      }
      finalNorm = addChildBlock("ln_f", new LayerNorm1d(c.dim()));
    }

    NDArray forward(ParameterStore store, NDArray tokens, boolean training) {
      NDArray tok = store.getValue(tokenEmbedding, tokens.getDevice(), training);
      NDArray pos = store.getValue(positionEmbedding, tokens.getDevice(), training);
      NDArray h = Embedding.embedding(tokens, tok, SparseFormat.DENSE).singletonOrThrow().add(pos);
      for (int i = 0; i < config.layers(); i++) {
        NDArray n = ln1.get(i).forward(store, h, training);
        h = h.add(attention.get(i).forward(store, n, n, training));
        NDArray hidden = Activation.gelu(mlpIn.get(i).forward(store, ln2.get(i).forward(store, h, training), training));
        h = h.add(mlpOut.get(i).forward(store, hidden, training));
      }
      return finalNorm.forward(store, h, training);
    }

    @Override
    protected ai.djl.ndarray.NDList forwardInternal(ParameterStore store, ai.djl.ndarray.NDList inputs,
        boolean training, ai.djl.util.PairList<String, Object> params) {
      return new ai.djl.ndarray.NDList(forward(store, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      Shape s = inputShapes[0];
      return new Shape[] {new Shape(s.get(0), s.get(1), config.dim())};
    }
  }
}
