package org.immunorisk.training;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A drawn plot as PNG bytes (the cards' plots: ROC, Kaplan–Meier, calibration). */
final class Png {

	private Png() {}

	static byte[] bytes(BufferedImage image) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			ImageIO.write(image, "png", out);
		} catch (IOException e) {
			throw new UncheckedIOException(e); // in memory: only a missing PNG writer could fail
		}
		return out.toByteArray();
	}
}
