/**
 * LVLM preference and instruction data in the layouts people have: MIA-DPO's pair files ({@code id, image: [paths],
 * prompt} with {@code <image>} placeholders, {@code chosen, rejected}), mDPO's ({@code prompt, chosen, rejected,
 * img_path}) and LLaVA's conversation files, read with images relative to the file and every bad row reported by
 * file, row and field (core's bad-row policy); and the writer of the collage world's pairs in MIA-DPO's layout.
 */
package dev.align4j.lvlm.data;
