/**
 * Image decoding and CLIP-family preprocessing reproduced to the bit: OpenCV decoding that gives Pillow's
 * pixels, Pillow's bicubic resize, crop or pad, and normalisation.
 */
package dev.align4j.rewards.image;
