package dev.align4j.text.reward;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.base.Preconditions;
import java.util.List;

/**
 * The sections a Bradley-Terry text reward model run ({@code task: bt_text}) binds itself: the GPT body and
 * the sequence layout ({@code model}) and the registry export ({@code export}). The shared sections come from
 * the launcher: preference data ({@code data}, paired), which parameters train ({@code trainable}; the head
 * always does) and the engine ({@code trainer}).
 */
public record BtRewardConfig(
    @JsonProperty("task") String task,
    @JsonProperty("model") Model model,
    @JsonProperty("export") Export export) {

  /** The value of {@code task} this run handles. */
  public static final String TASK = "bt_text";

  public BtRewardConfig {
    task = task == null ? TASK : task;
    Preconditions.checkArgument(TASK.equals(task), "task must be %s for a Bradley-Terry text reward model, got '%s'",
        TASK, task);
    Preconditions.checkArgument(model != null, "the model section is required (model.path, model.tokenizer)");
    export = export == null ? new Export(null, null, null) : export;
  }

  /**
   * The {@code model:} section.
   *
   * @param path the GPT the reward model starts from: {@code embedded:arithmetic}, a saved GPT directory (a
   *     text run's {@code final/}), or a saved reward model (a reward run's {@code final/}: head included)
   * @param tokenizer a Hugging Face {@code tokenizer.json}, or {@code embedded:arithmetic}
   * @param chatTemplate how message-list data is rendered into prompt and response text: {@code chatml}, {@code plain}
   * @param maxLength tokens of {@code [bos] prompt response [eos]} kept (at most the GPT's context length)
   * @param maxPromptLength prompt tokens kept, from the end
   * @param padToken the padding token
   * @param bosToken written before the prompt; empty for none
   * @param eosToken written after the response (the scored position); empty for none
   */
  public record Model(
      @JsonProperty("path") String path,
      @JsonProperty("tokenizer") String tokenizer,
      @JsonProperty("chat_template") String chatTemplate,
      @JsonProperty("max_length") Integer maxLength,
      @JsonProperty("max_prompt_length") Integer maxPromptLength,
      @JsonProperty("pad_token") String padToken,
      @JsonProperty("bos_token") String bosToken,
      @JsonProperty("eos_token") String eosToken) {
    public Model {
      Preconditions.checkArgument(path != null,
          "model.path is required (embedded:arithmetic, a GPT or a reward model directory)");
      Preconditions.checkArgument(tokenizer != null,
          "model.tokenizer is required (a tokenizer.json or embedded:arithmetic)");
      chatTemplate = chatTemplate == null ? "chatml" : chatTemplate;
      maxLength = maxLength == null ? 512 : maxLength;
      maxPromptLength = maxPromptLength == null ? 256 : maxPromptLength;
      padToken = padToken == null ? "<pad>" : padToken;
      bosToken = bosToken == null ? "<bos>" : bosToken;
      eosToken = eosToken == null ? "<eos>" : eosToken;
      Preconditions.checkArgument(List.of("chatml", "plain").contains(chatTemplate),
          "model.chat_template must be chatml or plain, got '%s'", chatTemplate);
      Preconditions.checkArgument(maxPromptLength > 0 && maxLength > maxPromptLength,
          "model.max_length (%s) must exceed model.max_prompt_length (%s) > 0", maxLength, maxPromptLength);
      Preconditions.checkArgument(!padToken.isEmpty(), "model.pad_token must not be empty");
    }
  }

  /**
   * The {@code export:} section.
   *
   * @param name the registry name: the model is written to {@code <output>/export/<name>/}
   * @param description the manifest's one line (default: what was trained on what)
   * @param verify score the held-out pairs through ONNX Runtime after exporting and check the scores equal
   *     the trained model's (default true)
   */
  public record Export(
      @JsonProperty("name") String name,
      @JsonProperty("description") String description,
      @JsonProperty("verify") Boolean verify) {
    public Export {
      name = name == null ? "bt-text" : name;
      verify = verify == null || verify;
      Preconditions.checkArgument(name.matches("[A-Za-z0-9][A-Za-z0-9._-]*"),
          "export.name must be a directory name (letters, digits, '.', '_', '-'), got '%s'", name);
    }
  }
}
