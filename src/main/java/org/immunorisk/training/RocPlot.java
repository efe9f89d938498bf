package org.immunorisk.training;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * ROC curves as a PNG, with Java2D only (no plotting dependency): empirical ROC steps of each curve, the chance
 * diagonal, axes with ticks and a legend. Used for the model cards. The pixels depend on the fonts of the machine,
 * so the image is not part of the byte-for-byte reproducibility check.
 */
public final class RocPlot {

	/** One ROC curve: its legend, the 0/1 labels and the scores. */
	public record Curve(String label, int[] y, double[] score) {}

	private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
			new Color(0xff7f0e)};

	private RocPlot() {}

	/** The curve's points (false-positive rate, true-positive rate), from (0, 0) to (1, 1), ties taken together. */
	static List<double[]> points(int[] y, double[] score) {
		Integer[] order = new Integer[y.length];
		for (int i = 0; i < order.length; i++) {
			order[i] = i;
		}
		Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -score[i]));
		int positives = Arrays.stream(y).sum();
		int negatives = y.length - positives;
		List<double[]> points = new ArrayList<>();
		points.add(new double[] {0, 0});
		int tp = 0;
		int fp = 0;
		for (int k = 0; k < order.length; k++) {
			if (y[order[k]] == 1) {
				tp++;
			} else {
				fp++;
			}
			if (k == order.length - 1 || score[order[k + 1]] != score[order[k]]) {
				points.add(new double[] {fp / (double) negatives, tp / (double) positives});
			}
		}
		return points;
	}

	public static byte[] png(List<Curve> curves, String title) {
		int width = 640;
		int height = 640;
		int left = 70;
		int top = 50;
		int size = 520;
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, width, height);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
		g.setColor(Color.BLACK);
		g.drawString(title, left, 30);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		g.setColor(new Color(0xdddddd));
		for (int t = 0; t <= 10; t++) {
			int px = left + t * size / 10;
			int py = top + size - t * size / 10;
			g.drawLine(px, top, px, top + size);
			g.drawLine(left, py, left + size, py);
		}
		g.setColor(Color.BLACK);
		g.drawRect(left, top, size, size);
		for (int t = 0; t <= 10; t += 2) {
			String label = String.format(java.util.Locale.ROOT, "%.1f", t / 10.0);
			g.drawString(label, left + t * size / 10 - 9, top + size + 18);
			g.drawString(label, left - 30, top + size - t * size / 10 + 4);
		}
		g.drawString("1 − specificity (false-positive rate)", left + size / 2 - 100, top + size + 40);
		Graphics2D rotated = (Graphics2D) g.create();
		rotated.rotate(-Math.PI / 2);
		rotated.drawString("sensitivity (true-positive rate)", -(top + size / 2 + 90), left - 42);
		rotated.dispose();
		g.setColor(Color.GRAY);
		g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 5}, 0));
		g.drawLine(left, top + size, left + size, top);
		g.setStroke(new BasicStroke(2.2f));
		for (int c = 0; c < curves.size(); c++) {
			Curve curve = curves.get(c);
			g.setColor(COLOURS[c % COLOURS.length]);
			List<double[]> points = points(curve.y(), curve.score());
			for (int k = 1; k < points.size(); k++) {
				double[] a = points.get(k - 1);
				double[] b = points.get(k);
				g.drawLine(left + (int) Math.round(a[0] * size), top + size - (int) Math.round(a[1] * size),
						left + (int) Math.round(b[0] * size), top + size - (int) Math.round(b[1] * size));
			}
			int ly = top + size - 20 - 18 * (curves.size() - 1 - c);
			g.fillRect(left + size - 250, ly - 9, 14, 4);
			g.setColor(Color.BLACK);
			g.drawString(curve.label(), left + size - 230, ly - 3);
		}
		g.dispose();
		return Png.bytes(image);
	}
}
