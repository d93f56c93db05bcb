package dev.align4j.core.launch;

import ai.djl.Device;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.config.RunConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One run as a provider sees it.
 *
 * @param config the shared sections, resolved
 * @param tree the whole config tree, overrides applied
 * @param sections the provider's own top-level sections
 * @param source the config's name in messages (its file)
 * @param baseDir where relative paths in the config resolve
 * @param output the run directory
 * @param resume the checkpoint to continue from, or null
 * @param out progress and summary lines
 * @param options the provider's command-line options by name (absent when not given)
 * @param device where the run computes
 */
public record LaunchContext(RunConfig config, ObjectNode tree, List<String> sections, String source, Path baseDir,
    Path output, Path resume, PrintStream out, Map<String, String> options, Device device) {

  /** Binds this modality's own sections, together, onto a record whose properties are those sections. */
  public <T> T bindSections(Class<T> type) {
    ObjectNode own = JsonNodeFactory.instance.objectNode();
    for (String s : sections) {
      if (tree.has(s)) own.set(s, tree.get(s));
    }
    return ConfigLoader.bind(own, type, source, "");
  }

  /** A provider option's value, or null. */
  public String option(String name) {
    return options.get(name);
  }
}
