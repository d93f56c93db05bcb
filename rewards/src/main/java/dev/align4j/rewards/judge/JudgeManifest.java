package dev.align4j.rewards.judge;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.align4j.core.util.UserError;
import dev.align4j.losses.Suggestions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code judge.json}: a generative judge (UnifiedReward) served behind an OpenAI-compatible endpoint, as a
 * registry entry. The API key is read from the environment variable it names, never stored in the file.
 *
 * @param name must equal the directory name
 * @param baseUrl the endpoint including {@code /v1}, e.g. {@code http://localhost:8000/v1} (vLLM)
 * @param model the served model name
 * @param apiKeyEnv environment variable holding the API key, or null
 * @param timeoutSeconds per-attempt timeout
 * @param maxConcurrency requests in flight at most
 * @param maxRetries retries on connection errors, timeouts, 429 and 5xx
 * @param bothOrders ask pairwise questions in both orders and call disagreements ties (position bias)
 * @param templates prompt templates by kind ({@link #TEMPLATE_KINDS}), each with {@code {caption}}, replacing
 *     {@link UnifiedRewardPrompts}' wording: a deployment should be asked in the words it was trained on
 * @param templateFiles the same, as files relative to the judge's directory (long prompts read better as text);
 *     {@link #read} folds them into {@code templates}
 */
public record JudgeManifest(
    @JsonProperty("name") String name,
    @JsonProperty("description") String description,
    @JsonProperty("base_url") String baseUrl,
    @JsonProperty("model") String model,
    @JsonProperty("api_key_env") String apiKeyEnv,
    @JsonProperty("timeout_seconds") Integer timeoutSeconds,
    @JsonProperty("max_concurrency") Integer maxConcurrency,
    @JsonProperty("max_retries") Integer maxRetries,
    @JsonProperty("both_orders") Boolean bothOrders,
    @JsonProperty("templates") Map<String, String> templates,
    @JsonProperty("template_files") Map<String, String> templateFiles) {

  public static final String FILE = "judge.json";
  /** The kinds of question a judge is asked, as keys of {@code templates} and {@code template_files}. */
  public static final List<String> TEMPLATE_KINDS =
      List.of("image_pairwise", "image_pointwise", "video_pairwise", "video_pointwise");
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public JudgeManifest {
    description = description == null ? "" : description;
    timeoutSeconds = timeoutSeconds == null ? 120 : timeoutSeconds;
    maxConcurrency = maxConcurrency == null ? 8 : maxConcurrency;
    maxRetries = maxRetries == null ? 3 : maxRetries;
    bothOrders = bothOrders != null && bothOrders;
    templates = templates == null ? Map.of() : Map.copyOf(templates);
    templateFiles = templateFiles == null ? Map.of() : Map.copyOf(templateFiles);
  }

  /** Reads and checks a judge.json; every problem is one line naming the file. */
  public static JudgeManifest read(Path file) {
    JudgeManifest m;
    try {
      m = JSON.readValue(file.toFile(), JudgeManifest.class);
    } catch (UnrecognizedPropertyException e) {
      throw new UserError(file + ": unknown field '" + e.getPropertyName() + "'"
          + Suggestions.didYouMean(e.getPropertyName(),
              e.getKnownPropertyIds().stream().map(Object::toString).toList()));
    } catch (ValueInstantiationException e) {
      throw new UserError(file + ": " + (e.getCause() != null ? e.getCause().getMessage() : e.getOriginalMessage()));
    } catch (IOException e) {
      throw new UserError(file + ": cannot read (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
    for (String[] field : new String[][] {{"name", m.name()}, {"base_url", m.baseUrl()}, {"model", m.model()}}) {
      if (field[1] == null || field[1].isBlank()) throw new UserError(file + ": field '" + field[0] + "' is required");
    }
    return m.withTemplates(readTemplates(file, m));
  }

  /** {@code templates} with {@code template_files} read in, every key and text checked. */
  private static Map<String, String> readTemplates(Path file, JudgeManifest m) {
    Map<String, String> out = new TreeMap<>(m.templates());
    for (Map.Entry<String, String> e : m.templateFiles().entrySet()) {
      if (out.containsKey(e.getKey())) {
        throw new UserError(file + ": template '" + e.getKey() + "' given both in templates and template_files");
      }
      Path text = file.toAbsolutePath().getParent().resolve(e.getValue());
      try {
        out.put(e.getKey(), Files.readString(text, StandardCharsets.UTF_8).strip());
      } catch (IOException x) {
        throw new UserError(file + ": template_files." + e.getKey() + ": cannot read " + text);
      }
    }
    for (Map.Entry<String, String> e : out.entrySet()) {
      if (!TEMPLATE_KINDS.contains(e.getKey())) {
        throw new UserError(file + ": unknown template '" + e.getKey() + "'"
            + Suggestions.didYouMean(e.getKey(), TEMPLATE_KINDS) + " (kinds: " + String.join(", ", TEMPLATE_KINDS)
            + ")");
      }
      if (e.getValue() == null || !e.getValue().contains("{caption}")) {
        throw new UserError(file + ": template '" + e.getKey() + "' has no {caption} placeholder");
      }
    }
    return out;
  }

  private JudgeManifest withTemplates(Map<String, String> resolved) {
    return new JudgeManifest(name, description, baseUrl, model, apiKeyEnv, timeoutSeconds, maxConcurrency,
        maxRetries, bothOrders, resolved, Map.of());
  }

  /** The four templates: those given here, {@link UnifiedRewardPrompts}' for the rest. */
  public UnifiedRewardPrompts.Templates prompts() {
    UnifiedRewardPrompts.Templates d = UnifiedRewardPrompts.Templates.defaults();
    return new UnifiedRewardPrompts.Templates(templates.getOrDefault("image_pairwise", d.imagePairwise()),
        templates.getOrDefault("image_pointwise", d.imagePointwise()),
        templates.getOrDefault("video_pairwise", d.videoPairwise()),
        templates.getOrDefault("video_pointwise", d.videoPointwise()));
  }

  /** The judge this manifest describes (no connection is made until it is asked something). */
  public UnifiedRewardJudge open() {
    JudgeClient.Builder client = JudgeClient.builder(baseUrl, model).timeout(Duration.ofSeconds(timeoutSeconds))
        .maxConcurrency(maxConcurrency).maxRetries(maxRetries);
    if (apiKeyEnv != null) {
      String key = System.getenv(apiKeyEnv);
      if (key == null || key.isBlank())
          throw new UserError("judge " + name + ": environment variable " + apiKeyEnv + " is not set");
      client.apiKey(key);
    }
    return UnifiedRewardJudge.builder(client.build()).name(name).bothOrders(bothOrders).templates(prompts()).build();
  }
}
