package dev.align4j.core.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A model being tuned, as the engine sees it: named parameters, a frozen copy, adapters, files. */
public interface PolicyModel extends AutoCloseable {
  /** Every parameter, frozen or not, by stable name. */
  List<NamedParameter> parameters();

  /** A deep copy whose parameters never get gradients: the classic reference model. */
  PolicyModel frozenCopy();

  /** Whether LoRA adapters are attached. */
  boolean hasAdapters();

  /** Switches LoRA adapters on or off (off = the base model: a reference without a copy). */
  void setAdaptersEnabled(boolean enabled);

  /** Writes everything needed to rebuild the model into {@code dir}. */
  void save(Path dir) throws IOException;

  /** Restores parameter values saved by {@link #save} into this model. */
  void load(Path dir) throws IOException;

  @Override
  void close();
}
