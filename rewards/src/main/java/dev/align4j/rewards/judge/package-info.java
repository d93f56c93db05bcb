/**
 * Generative judges behind an OpenAI-compatible chat-completions API: {@link
 * dev.align4j.rewards.judge.JudgeClient} (transport, retries, concurrency limit) and {@link
 * dev.align4j.rewards.judge.UnifiedRewardJudge} (UnifiedReward's prompts and answer parsing).
 */
package dev.align4j.rewards.judge;
