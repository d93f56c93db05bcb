package dev.align4j.rewards.service;

import dev.align4j.rewards.RewardModel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** A {@link ModelSource} over fake models; remembers what it opened. */
final class FakeSource implements ModelSource {
  private final Map<String, Supplier<FakeModel>> factories = new LinkedHashMap<>();
  final Map<String, FakeModel> opened = new ConcurrentHashMap<>();

  FakeSource add(String name, long delayMs) {
    factories.put(name, () -> new FakeModel(name, delayMs, false));
    return this;
  }

  FakeSource addBroken(String name) {
    factories.put(name, () -> new FakeModel(name, 0, true));
    return this;
  }

  @Override
  public Set<String> names() {
    return factories.keySet();
  }

  @Override
  public RewardModel open(String name) {
    FakeModel model = factories.get(name).get();
    opened.put(name, model);
    return model;
  }

  @Override
  public String description(String name) {
    return "fake reward " + name;
  }
}
