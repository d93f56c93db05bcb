package dev.align4j.core.train;

import com.google.common.base.Preconditions;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The reference policy: a frozen copy of the starting policy, or the policy itself with its LoRA adapters
 * switched off. TR-DPO's sync ({@code ref <- a * policy + (1 - a) * ref} every N steps) applies to the
 * frozen copy.
 *
 * @param <M> the model type
 */
public final class Reference<M extends PolicyModel> implements AutoCloseable {
  /** How the reference is obtained. */
  public enum Mode {
    FROZEN_COPY, ADAPTERS_DISABLED, PRECOMPUTED;

    public static Mode parse(String s) {
      return valueOf(s.toUpperCase(Locale.ROOT));
    }
  }

  private final Mode mode;
  private final M copy;
  private final ReferenceTable table;
  private final java.nio.file.Path tableFile;

  private Reference(Mode mode, M copy) {
    this(mode, copy, null, null);
  }

  private Reference(Mode mode, M copy, ReferenceTable table, java.nio.file.Path tableFile) {
    this.mode = mode;
    this.copy = copy;
    this.table = table;
    this.tableFile = tableFile;
  }

  /** Reference terms looked up in a table computed before training; no reference model is kept. */
  public static <M extends PolicyModel> Reference<M> precomputed(ReferenceTable table, java.nio.file.Path file) {
    return new Reference<>(Mode.PRECOMPUTED, null, table, file);
  }

  /** The precomputed value of a sequence (PRECOMPUTED mode only). */
  public float lookup(String key) {
    Preconditions.checkState(mode == Mode.PRECOMPUTED, "not a precomputed reference");
    return table.get(key, tableFile);
  }

  /** A frozen copy of {@code policy} as it is now. */
  @SuppressWarnings("unchecked")
  public static <M extends PolicyModel> Reference<M> frozenCopy(M policy) {
    return new Reference<>(Mode.FROZEN_COPY, (M) policy.frozenCopy());
  }

  /** The policy with its adapters off; the policy must have adapters. */
  public static <M extends PolicyModel> Reference<M> adaptersDisabled(M policy) {
    Preconditions.checkArgument(policy.hasAdapters(),
        "reference mode adapters_disabled needs LoRA adapters (trainable.mode: lora)");
    return new Reference<>(Mode.ADAPTERS_DISABLED, null);
  }

  public Mode mode() {
    return mode;
  }

  /** Runs {@code fn} on the reference model; results must be detached by the caller. */
  public <T> T apply(M policy, Function<M, T> fn) {
    Preconditions.checkState(mode != Mode.PRECOMPUTED, "precomputed reference terms hold sums only");
    if (mode == Mode.FROZEN_COPY) return fn.apply(copy);
    policy.setAdaptersEnabled(false);
    try {
      return fn.apply(policy);
    } finally {
      policy.setAdaptersEnabled(true);
    }
  }

  /** TR-DPO soft update of the frozen copy towards the policy. */
  public void sync(M policy, double alpha) {
    Preconditions.checkState(mode == Mode.FROZEN_COPY, "sync_ref_model needs a frozen-copy reference");
    List<NamedParameter> target = copy.parameters();
    List<NamedParameter> source = policy.parameters();
    try (ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope()) {
      for (int i = 0; i < target.size(); i++) {
        target.get(i).array().muli(1 - alpha).addi(source.get(i).array().mul(alpha));
      }
    }
  }

  /** The frozen copy, for checkpointing when it drifts (TR-DPO); null in adapters mode. */
  public M copy() {
    return copy;
  }

  @Override
  public void close() {
    if (copy != null) copy.close();
  }
}
