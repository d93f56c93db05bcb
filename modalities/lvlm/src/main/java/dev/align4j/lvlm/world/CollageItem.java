package dev.align4j.lvlm.world;

import com.google.common.base.Preconditions;
import dev.align4j.core.data.Message;
import dev.align4j.core.media.ContentPart;
import dev.align4j.core.media.Image;
import dev.align4j.core.shapes.Scene;
import dev.align4j.lvlm.ImagePrompts;
import java.util.List;

/**
 * One question of the collage world with its ground truth: the pictures (scenes and seeds), which of them the
 * question refers to, the prompt as the model reads it ({@code <image>} placeholders in MIA-DPO's layout) and the
 * images in placeholder order (one per picture for a sequence, one composed image for a grid or picture-in-picture).
 *
 * @param id unique within a generated set ({@code train-sequence-000012})
 * @param referred the index (from 0) of the picture the question is about: Image{referred + 1}, or for
 *     picture-in-picture 0 (the large picture) or 1 (the small one)
 */
public record CollageItem(String id, Format format, List<Panel> panels, int referred, Question question, String prompt,
    List<Image> images) {
  public CollageItem {
    panels = List.copyOf(panels);
    images = List.copyOf(images);
    Preconditions.checkArgument(referred >= 0 && referred < panels.size(), "referred %s of %s pictures", referred,
        panels.size());
    Preconditions.checkArgument(ImagePrompts.count(prompt) == images.size(), "%s placeholders for %s images",
        ImagePrompts.count(prompt), images.size());
    Preconditions.checkArgument(question.answer(panels.get(referred).scene()).isPresent(),
        "the question has no single answer about the picture it refers to");
  }

  /** The ground truth: the question's canonical answer about the referred picture. */
  public String answer() {
    return question.answer(panels.get(referred).scene()).orElseThrow();
  }

  /** The scenes of the pictures, in order. */
  public List<Scene> scenes() {
    return panels.stream().map(Panel::scene).toList();
  }

  /** How the prompt names picture {@code i}: {@code Image2}, {@code the small picture}, {@code the image}. */
  public String pictureName(int i) {
    return switch (format) {
      case SINGLE -> "the image";
      case SEQUENCE, GRID -> "Image" + (i + 1);
      case PIC_IN_PIC -> i == 0 ? "the large picture" : "the small picture";
    };
  }

  /** The prompt as chat content parts: its text with each placeholder replaced by its image. */
  public List<ContentPart> parts() {
    return ImagePrompts.parts(prompt, images);
  }

  /** The prompt as a user turn. */
  public Message message() {
    return new Message("user", parts());
  }
}
