package dev.align4j.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.align4j.core.train.NamedParameter;
import dev.align4j.core.train.PolicyModel;
import dev.align4j.core.util.FileTrees;
import dev.align4j.text.gpt.Gpt;
import dev.align4j.text.gpt.GptCheckpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The Java GPT as a policy: its parameters, a frozen copy, LoRA adapters and checkpoint files. */
public final class GptPolicy implements TextPolicy {
  private final NDManager manager;
  private final Gpt gpt;

  /** Wraps a GPT whose parameters live in {@code manager}, which this policy then owns. */
  public GptPolicy(Gpt gpt, NDManager manager) {
    this.gpt = gpt;
    this.manager = manager;
  }

  /** Loads a GPT saved by {@link #save} (or a run's {@code final/}) into a sub-manager of {@code parent}. */
  public static GptPolicy load(Path dir, NDManager parent) {
    NDManager m = parent.newSubManager();
    try {
      return new GptPolicy(GptCheckpoint.load(dir, m), m);
    } catch (IOException e) {
      m.close();
      throw new UncheckedIOException(e);
    }
  }

  public Gpt gpt() {
    return gpt;
  }

  @Override
  public CausalLm lm() {
    return gpt;
  }

  @Override
  public List<NamedParameter> parameters() {
    return NamedParameter.of(gpt.getParameters());
  }

  @Override
  public PolicyModel frozenCopy() {
    try {
      Path tmp = Files.createTempDirectory("align4j-ref");
      try {
        save(tmp.resolve("m"));
        GptPolicy copy = load(tmp.resolve("m"), manager);
        copy.parameters().forEach(p -> p.array().setRequiresGradient(false));
        return copy;
      } finally {
        FileTrees.deleteQuietly(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean hasAdapters() {
    return gpt.lora().isPresent();
  }

  @Override
  public void setAdaptersEnabled(boolean enabled) {
    gpt.setAdaptersEnabled(enabled);
  }

  @Override
  public void save(Path dir) throws IOException {
    GptCheckpoint.save(gpt, dir);
  }

  /** Copies saved values into this model's arrays in place (they stay trainable and keep their names). */
  @Override
  public void load(Path dir) throws IOException {
    try (NDManager tmp = manager.newSubManager()) {
      Gpt saved = GptCheckpoint.load(dir, tmp);
      Map<String, NDArray> values = new GptPolicy(saved, tmp).parameters().stream()
          .collect(Collectors.toMap(NamedParameter::name, NamedParameter::array));
      for (NamedParameter p : parameters()) {
        NDArray v = values.get(p.name());
        if (v == null) throw new IOException(dir + ": no parameter " + p.name());
        p.array().set(v.toFloatArray());
      }
    }
  }

  @Override
  public void close() {
    manager.close();
  }

}
