package org.immunorisk.training;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Calibration plots as a PNG, drawn from a manifest's {@code calibration…} entries (so the plot, like the card, comes
 * from the artifact), with Java2D only. As {@link IgG4RdRocPlot}: no text (both axes 0–1 with a grid every 0.2; the
 * legend is in the model card) and no antialiasing, so the same entries give the same bytes on any machine.
 *
 * <p>Per set of predictions: each risk group's mean prediction (x) against what was observed (y: the observed rate,
 * or the Kaplan–Meier survival at the horizon) as a filled square with its 95% CI as a vertical bar, and for binary
 * outcomes the logistic recalibration curve expit(a' + b·logit p) over the range of p. The grey diagonal is perfect
 * calibration.
 */
public final class CalibrationPlot {

	static final int SIZE = 480;
	private static final int MARGIN = 40;
	public static final Color FIRST = new Color(0, 90, 181);
	static final Color SECOND = new Color(220, 50, 32);

	/** One set of predictions: its groups (x, y, CI low, CI high) and, for a binary outcome, the recalibration curve. */
	public record Series(Color colour, List<double[]> points, double[] curve) {}

	private CalibrationPlot() {}

	/** A binary {@link Calibration#binary} entry as a series: groups and the recalibration curve (when estimable). */
	@SuppressWarnings("unchecked")
	public static Series binary(Map<String, Object> calibration, Color colour) {
		List<double[]> points = new ArrayList<>();
		double low = 1;
		double high = 0;
		for (Map<String, Object> g : (List<Map<String, Object>>) calibration.get("groups")) {
			List<Number> ci = (List<Number>) g.get("observedRateCi95");
			points.add(new double[] {number(g, "meanPredicted"), number(g, "observedRate"), ci.get(0).doubleValue(),
					ci.get(1).doubleValue()});
			low = Math.min(low, number(g, "pMin"));
			high = Math.max(high, number(g, "pMax"));
		}
		double[] curve = calibration.get("calibrationSlope") == null ? null
				: new double[] {number(calibration, "recalibrationIntercept"), number(calibration, "calibrationSlope"), low, high};
		return new Series(colour, points, curve);
	}

	/** A {@link Calibration#survival} entry as a series: predicted against Kaplan–Meier survival at the horizon. */
	@SuppressWarnings("unchecked")
	static Series survival(Map<String, Object> calibration, Color colour) {
		List<double[]> points = new ArrayList<>();
		for (Map<String, Object> g : (List<Map<String, Object>>) calibration.get("groups")) {
			List<Number> ci = (List<Number>) g.get("observedCi95");
			double observed = number(g, "observed");
			points.add(new double[] {number(g, "meanPredicted"), observed, ci == null ? observed : ci.get(0).doubleValue(),
					ci == null ? observed : ci.get(1).doubleValue()});
		}
		return new Series(colour, points, null);
	}

	public static byte[] png(List<Series> series) {
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
		g.drawLine(x(0), y(0), x(1), y(1)); // perfect calibration
		g.setColor(Color.BLACK);
		g.drawRect(x(0), y(1), x(1) - x(0), y(0) - y(1));
		for (Series s : series) {
			g.setColor(s.colour());
			if (s.curve() != null) {
				g.setStroke(new BasicStroke(2, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {8, 6}, 0));
				double a = s.curve()[0];
				double b = s.curve()[1];
				double from = Math.max(Calibration.CLIP, s.curve()[2]);
				double to = Math.min(1 - Calibration.CLIP, s.curve()[3]);
				int steps = 200;
				Path2D.Double path = new Path2D.Double(); // one path, so that the dashes run along the whole curve
				for (int k = 0; k <= steps; k++) {
					double p = from + (to - from) * k / steps;
					double q = 1 / (1 + Math.exp(-(a + b * Math.log(p / (1 - p)))));
					if (k == 0) {
						path.moveTo(x(p), y(q));
					} else {
						path.lineTo(x(p), y(q));
					}
				}
				g.draw(path);
			}
			g.setStroke(new BasicStroke(2));
			for (double[] point : s.points()) {
				int cx = x(point[0]);
				g.drawLine(cx, y(point[2]), cx, y(point[3]));
				g.drawLine(cx - 4, y(point[2]), cx + 4, y(point[2]));
				g.drawLine(cx - 4, y(point[3]), cx + 4, y(point[3]));
				g.fillRect(cx - 5, y(point[1]) - 5, 11, 11);
			}
		}
		g.dispose();
		return Png.bytes(image);
	}

	private static double number(Map<String, Object> m, String key) {
		return ((Number) m.get(key)).doubleValue();
	}

	private static int x(double value) {
		return MARGIN + (int) Math.round(value * (SIZE - 2 * MARGIN));
	}

	private static int y(double value) {
		return SIZE - MARGIN - (int) Math.round(value * (SIZE - 2 * MARGIN));
	}
}
