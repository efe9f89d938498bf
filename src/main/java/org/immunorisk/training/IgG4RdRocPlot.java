package org.immunorisk.training;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * ROC curves as a PNG, with Java2D only. The image has no text (axes 0–1 with a grid every 0.2; the legend is in
 * the model card), so it does not depend on the fonts of the machine that draws it, and no antialiasing, so the
 * same curves give the same pixels.
 */
final class IgG4RdRocPlot {

	static final int SIZE = 480;
	private static final int MARGIN = 40;

	/** One curve: outcomes (1 = event), the scores ranking them, a colour and whether it is dashed. */
	record Curve(int[] y, double[] score, Color color, boolean dashed) {}

	private IgG4RdRocPlot() {}

	static byte[] png(List<Curve> curves) {
		BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, SIZE, SIZE);
		g.setColor(new Color(225, 225, 225));
		for (int i = 1; i < 5; i++) {
			g.drawLine(x(i / 5.0), y(0), x(i / 5.0), y(1));
			g.drawLine(x(0), y(i / 5.0), x(1), y(i / 5.0));
		}
		g.setColor(new Color(160, 160, 160));
		g.drawLine(x(0), y(0), x(1), y(1)); // chance
		g.setColor(Color.BLACK);
		g.drawRect(x(0), y(1), x(1) - x(0), y(0) - y(1));
		for (Curve curve : curves) {
			g.setColor(curve.color());
			g.setStroke(curve.dashed() ? new BasicStroke(2, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {8, 6}, 0)
					: new BasicStroke(2));
			List<double[]> points = points(curve.y(), curve.score());
			for (int i = 1; i < points.size(); i++) {
				g.drawLine(x(points.get(i - 1)[0]), y(points.get(i - 1)[1]), x(points.get(i)[0]), y(points.get(i)[1]));
			}
		}
		g.dispose();
		return Png.bytes(image);
	}

	/** (1 − specificity, sensitivity) at every distinct threshold, highest first; tied scores move diagonally. */
	static List<double[]> points(int[] y, double[] score) {
		return RocPlot.points(y, score);
	}

	private static int x(double fpr) {
		return MARGIN + (int) Math.round(fpr * (SIZE - 2 * MARGIN));
	}

	private static int y(double tpr) {
		return SIZE - MARGIN - (int) Math.round(tpr * (SIZE - 2 * MARGIN));
	}
}
