/**
 * The OCR reward (kind {@code ocr}): PaddleOCR's PP-OCR text detection and recognition on ONNX Runtime
 * ({@link dev.align4j.rewards.ocr.PpOcr}), greedy CTC decoding ({@link dev.align4j.rewards.ocr.CtcDecoder}) and
 * Flow-GRPO's edit-distance score against the prompt's quoted text ({@link dev.align4j.rewards.ocr.OcrReward}).
 */
package dev.align4j.rewards.ocr;
