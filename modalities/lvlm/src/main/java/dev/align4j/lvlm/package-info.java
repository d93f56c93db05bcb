/**
 * Multi-image vision-language models (LVLMs): the {@code <image>} placeholder convention of LLaVA-style prompts
 * ({@link dev.align4j.lvlm.ImagePrompts}), the shape-collage world ({@code lvlm.world}) and the data layouts people
 * have ({@code lvlm.data}).
 */
package dev.align4j.lvlm;
