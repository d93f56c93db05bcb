package dev.align4j.text;

import ai.djl.ndarray.NDManager;
import dev.align4j.core.nn.ParameterValues;
import dev.align4j.core.train.NamedParameter;
import dev.align4j.core.train.PolicyModel;
import dev.align4j.core.util.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;

/**
 * A TorchScript causal LM exported from PyTorch as a policy. Checkpoints hold the original module file and
 * the tuned parameter values ({@value #VALUES}); loading a {@code model.pt} that has the values file beside
 * it applies them.
 */
public final class TorchScriptPolicy implements TextPolicy {
  static final String MODULE = "model.pt";
  static final String VALUES = "parameters.ndlist";
  private final TorchScriptCausalLm lm;

  private TorchScriptPolicy(TorchScriptCausalLm lm) {
    this.lm = lm;
  }

  /** Loads a trainable module (and tuned values saved beside it, if any). */
  public static TorchScriptPolicy load(Path file, NDManager root) {
    TorchScriptPolicy p = new TorchScriptPolicy(
        TorchScriptCausalLm.builder(file).trainable(true).device(root.getDevice()).build());
    Path values = file.resolveSibling(VALUES);
    if (Files.isRegularFile(values)) {
      try {
        p.setValues(values);
      } catch (IOException e) {
        throw new UserError(values + ": cannot read tuned parameter values (" + e.getMessage() + ")");
      }
    }
    return p;
  }

  @Override
  public CausalLm lm() {
    return lm;
  }

  @Override
  public List<NamedParameter> parameters() {
    return NamedParameter.of(lm.parameters());
  }

  /** A second, frozen instance holding this one's current values. */
  @Override
  public PolicyModel frozenCopy() {
    TorchScriptPolicy copy = new TorchScriptPolicy(TorchScriptCausalLm.builder(lm.file()).trainable(true)
        .device(lm.manager().getDevice()).build());
    List<NamedParameter> mine = parameters();
    List<NamedParameter> theirs = copy.parameters();
    for (int i = 0; i < mine.size(); i++) theirs.get(i).array().set(mine.get(i).array().toFloatArray());
    copy.lm.setTrainable(name -> false);
    return copy;
  }

  @Override
  public boolean hasAdapters() {
    return false;
  }

  @Override
  public void setAdaptersEnabled(boolean enabled) {
    throw new UnsupportedOperationException("a TorchScript policy has no LoRA adapters; use a frozen_copy reference");
  }

  @Override
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.copy(lm.file(), dir.resolve(MODULE), StandardCopyOption.REPLACE_EXISTING);
    ParameterValues.save(parameters(), name -> true, dir.resolve(VALUES));
  }

  @Override
  public void load(Path dir) throws IOException {
    setValues(dir.resolve(VALUES));
  }

  private void setValues(Path values) throws IOException {
    Set<String> applied = ParameterValues.load(values, parameters(), lm.manager(), lm.file());
    for (NamedParameter p : parameters()) {
      if (!applied.contains(p.name())) throw new IOException(values + " has no value for " + p.name());
    }
  }

  @Override
  public void close() {
    lm.close();
  }
}
