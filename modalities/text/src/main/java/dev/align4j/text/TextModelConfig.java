package dev.align4j.text;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.base.Preconditions;
import java.util.List;

/**
 * The {@code model:} section of a text run.
 *
 * @param path a saved GPT directory (e.g. a run's {@code final/}) or {@code embedded:arithmetic}
 * @param torchscript a TorchScript causal LM file, instead of {@code path}
 * @param tokenizer a Hugging Face {@code tokenizer.json}, or {@code embedded:arithmetic}
 * @param chatTemplate how message lists are rendered: {@code chatml} or {@code plain}
 * @param maxLength prompt + completion tokens kept
 * @param maxPromptLength prompt tokens kept (from the end)
 * @param task an embedded task whose checker scores generations at evaluation ({@code none}, {@code arithmetic})
 * @param evalGenerations how many held-out prompts are generated for at each evaluation
 * @param maxNewTokens generation length at evaluation
 */
public record TextModelConfig(
    @JsonProperty("path") String path,
    @JsonProperty("torchscript") String torchscript,
    @JsonProperty("tokenizer") String tokenizer,
    @JsonProperty("chat_template") String chatTemplate,
    @JsonProperty("max_length") Integer maxLength,
    @JsonProperty("max_prompt_length") Integer maxPromptLength,
    @JsonProperty("task") String task,
    @JsonProperty("eval_generations") Integer evalGenerations,
    @JsonProperty("max_new_tokens") Integer maxNewTokens) {

  public static final List<String> TASKS = List.of("none", "arithmetic");

  public TextModelConfig {
    chatTemplate = chatTemplate == null ? "chatml" : chatTemplate;
    maxLength = maxLength == null ? 512 : maxLength;
    maxPromptLength = maxPromptLength == null ? 256 : maxPromptLength;
    task = task == null ? "none" : task;
    evalGenerations = evalGenerations == null ? 128 : evalGenerations;
    maxNewTokens = maxNewTokens == null ? 32 : maxNewTokens;
    Preconditions.checkArgument((path == null) != (torchscript == null),
        "model: set exactly one of path (a saved GPT or embedded:arithmetic) and torchscript (a .pt file)");
    Preconditions.checkArgument(tokenizer != null,
        "model.tokenizer is required (a tokenizer.json or embedded:arithmetic)");
    Preconditions.checkArgument(List.of("chatml", "plain").contains(chatTemplate),
        "model.chat_template must be chatml or plain, got '%s'", chatTemplate);
    Preconditions.checkArgument(maxPromptLength > 0 && maxLength > maxPromptLength,
        "model.max_length (%s) must exceed model.max_prompt_length (%s) > 0", maxLength, maxPromptLength);
    Preconditions.checkArgument(TASKS.contains(task), "model.task must be one of %s, got '%s'", TASKS, task);
    Preconditions.checkArgument(evalGenerations >= 0, "model.eval_generations must be >= 0");
    Preconditions.checkArgument(maxNewTokens > 0, "model.max_new_tokens must be > 0");
  }
}
