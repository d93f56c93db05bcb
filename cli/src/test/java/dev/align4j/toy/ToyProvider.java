package dev.align4j.toy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.align4j.core.launch.LaunchContext;
import dev.align4j.core.launch.ModalityProvider;
import dev.align4j.core.launch.ModalityRun;
import dev.align4j.core.train.Modality;
import dev.align4j.core.train.Reference;
import dev.align4j.core.train.Trainer;
import dev.align4j.losses.Need;
import dev.align4j.losses.PreferenceLoss;
import dev.align4j.losses.PreferenceTerms;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * {@code align4j train toy}: pairs of feature vectors whose chosen side leans towards a hidden direction; its
 * own section is {@code world: {features, examples, seed}}.
 */
public final class ToyProvider implements ModalityProvider {
  /** The toy's own section. */
  record World(@JsonProperty("features") Integer features, @JsonProperty("examples") Integer examples,
      @JsonProperty("seed") Long seed) {
    World {
      features = features == null ? 8 : features;
      examples = examples == null ? 64 : examples;
      seed = seed == null ? 1L : seed;
    }
  }

  /** The sections record. */
  record Sections(@JsonProperty("world") World world) {}

  /** One preference pair. */
  record Pair(float[] chosen, float[] rejected) {}

  @Override
  public String name() {
    return "toy";
  }

  @Override
  public String description() {
    return "A toy modality found through a services file (tests only).";
  }

  @Override
  public List<String> sections() {
    return List.of("world");
  }

  @Override
  public ModalityRun<?, ?> open(LaunchContext context, PreferenceLoss loss, NDManager root) {
    Sections s = context.bindSections(Sections.class);
    World w = s.world() != null ? s.world() : new World(null, null, null);
    List<Pair> data = pairs(w);
    int eval = data.size() / 4;
    ToyScorer policy = new ToyScorer(root, new float[w.features()], true);
    return new ModalityRun<Pair, ToyScorer>() {
      @Override
      public ToyScorer policy() {
        return policy;
      }

      @Override
      public Modality<Pair, ToyScorer> modality() {
        return new ToyModality();
      }

      @Override
      public List<Pair> train() {
        return data.subList(eval, data.size());
      }

      @Override
      public List<Pair> eval() {
        return data.subList(0, eval);
      }

      @Override
      public Object resolvedSections() {
        return new Sections(w);
      }

      @Override
      public Object finish(LaunchContext ctx, Trainer.Result result) {
        return null;
      }

      @Override
      public void close() {
        policy.close();
      }
    };
  }

  private static List<Pair> pairs(World w) {
    Random r = new Random(w.seed());
    float[] truth = new float[w.features()];
    for (int i = 0; i < truth.length; i++) truth[i] = (float) r.nextGaussian();
    List<Pair> out = new ArrayList<>();
    for (int k = 0; k < w.examples(); k++) {
      float[] a = new float[truth.length];
      float[] b = new float[truth.length];
      double margin = 0;
      for (int i = 0; i < truth.length; i++) {
        a[i] = (float) r.nextGaussian();
        b[i] = (float) r.nextGaussian();
        margin += (a[i] - b[i]) * truth[i];
      }
      out.add(margin >= 0 ? new Pair(a, b) : new Pair(b, a));
    }
    return out;
  }

  /** Terms: {@code w . chosen} and {@code w . rejected} under policy and reference. */
  static final class ToyModality implements Modality<Pair, ToyScorer> {
    @Override
    public String name() {
      return "toy";
    }

    @Override
    public PreferenceTerms terms(ToyScorer policy, Reference<ToyScorer> reference, List<Pair> batch,
        Set<Need> needs, boolean training) {
      NDArray chosen = features(policy.manager, batch, true);
      NDArray rejected = features(policy.manager, batch, false);
      PreferenceTerms.Builder terms = PreferenceTerms.builder()
          .policy(chosen.matMul(policy.weight), rejected.matMul(policy.weight));
      if (reference != null) {
        NDArray[] ref = reference.apply(policy, m -> new NDArray[] {
            chosen.matMul(m.weight).stopGradient(), rejected.matMul(m.weight).stopGradient()});
        terms.reference(ref[0], ref[1]);
      }
      return terms.build();
    }

    private static NDArray features(NDManager m, List<Pair> batch, boolean chosen) {
      int n = batch.get(0).chosen().length;
      float[] flat = new float[batch.size() * n];
      for (int i = 0; i < batch.size(); i++) {
        System.arraycopy(chosen ? batch.get(i).chosen() : batch.get(i).rejected(), 0, flat, i * n, n);
      }
      return m.create(flat, new Shape(batch.size(), n));
    }
  }
}
