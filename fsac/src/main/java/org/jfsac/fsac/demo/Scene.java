package org.jfsac.fsac.demo;

import org.jfsac.clip.image.RgbImage;

/**
 * A rendered normal image and the disc inside which defects may be placed: the object for object classes,
 * most of the frame for textures.
 */
public record Scene(RgbImage image, double centreX, double centreY, double radius) {
}
