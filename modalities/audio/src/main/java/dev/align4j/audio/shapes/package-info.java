/**
 * The sounding-shapes world, the audio modality's embedded world (multimodal.md section 4.2): the video
 * module's moving-shapes clips, in which every event (a shape appears, bounces off the floor, hits an edge of
 * the frame) makes a note at the event's frame time, its pitch from the shape's colour, its timbre from the
 * shape's kind and its loudness from its size; a seeded renderer of the ground-truth waveform; and a checker
 * that reads any waveform back with core's signal processing and scores onset sync, pitch, timbre and spurious
 * sound against the clip's events. The perturbations that break one of those each are here too.
 */
package dev.align4j.audio.shapes;
