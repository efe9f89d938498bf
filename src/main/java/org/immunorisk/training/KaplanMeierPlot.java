package org.immunorisk.training;

import org.immunorisk.survival.KaplanMeier;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Kaplan–Meier curves of the high- and low-risk groups as a PNG, one panel per cohort, drawn with Java2D (no
 * plotting dependency): step curves from {@link KaplanMeier}, censoring ticks, log-rank χ² and p, and the numbers at
 * risk every 6 months. Text is rasterised with the platform's fonts, so the bytes may differ between machines; the
 * curves do not.
 */
public final class KaplanMeierPlot {

	private static final double DAYS_PER_MONTH = 365.25 / 12;
	private static final Color HIGH = new Color(0xC0392B);
	private static final Color LOW = new Color(0x2471A3);
	private static final int PANEL_WIDTH = 620;
	private static final int HEIGHT = 560;

	/**
	 * What the axes and legend say and how many months the time axis spans (a multiple of 6: ticks and numbers at
	 * risk are every 6 months). Times are in days.
	 */
	public record Axes(String timeLabel, String survivalLabel, String eventWord, int months) {

		/** The NSCLC preCIRI plot: overall survival over the first 3 years of immune checkpoint inhibitors. */
		static final Axes ICI = new Axes("Months since the first ICI dose", "Overall survival", "deaths", 36);

		public Axes {
			if (months < 6 || months % 6 != 0) {
				throw new IllegalArgumentException("the time axis spans a positive multiple of 6 months, not " + months);
			}
		}
	}

	private KaplanMeierPlot() {}

	static byte[] png(String title, List<SurvivalForestTraining.Groups> panels) {
		return png(title, panels, Axes.ICI);
	}

	public static byte[] png(String title, List<SurvivalForestTraining.Groups> panels, Axes axes) {
		System.setProperty("java.awt.headless", "true");
		BufferedImage image = new BufferedImage(PANEL_WIDTH * panels.size(), HEIGHT, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, image.getWidth(), image.getHeight());
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
		g.drawString(title, 20, 28);
		for (int p = 0; p < panels.size(); p++) {
			panel(g, panels.get(p), p * PANEL_WIDTH, axes);
		}
		g.dispose();
		return Png.bytes(image);
	}

	private static void panel(Graphics2D g, SurvivalForestTraining.Groups groups, int offset, Axes axes) {
		int months = axes.months();
		int left = offset + 80;
		int right = offset + PANEL_WIDTH - 30;
		int top = 80;
		int bottom = 400;
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
		g.drawString(groups.label(), left, 60);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
		g.setStroke(new BasicStroke(1));
		g.drawLine(left, bottom, right, bottom);
		g.drawLine(left, top, left, bottom);
		for (int month = 0; month <= months; month += 6) {
			int x = x(month * DAYS_PER_MONTH, left, right, months);
			g.drawLine(x, bottom, x, bottom + 5);
			centred(g, Integer.toString(month), x, bottom + 20);
		}
		centred(g, axes.timeLabel(), (left + right) / 2, bottom + 40);
		for (int tenth = 0; tenth <= 10; tenth += 2) {
			int y = y(tenth / 10.0, top, bottom);
			g.drawLine(left - 5, y, left, y);
			String label = String.format(Locale.ROOT, "%.1f", tenth / 10.0);
			g.drawString(label, left - 10 - g.getFontMetrics().stringWidth(label), y + 5);
		}
		g.rotate(-Math.PI / 2);
		centred(g, axes.survivalLabel(), -(top + bottom) / 2, offset + 28);
		g.rotate(Math.PI / 2);

		int legendY = top + 10;
		for (boolean high : new boolean[] {true, false}) {
			double[] t = subset(groups.time(), groups.high(), high);
			int[] s = subset(groups.status(), groups.high(), high);
			g.setColor(high ? HIGH : LOW);
			if (t.length > 0) {
				curve(g, KaplanMeier.fit(t, s), left, right, top, bottom, months);
			}
			int deaths = java.util.Arrays.stream(s).sum();
			g.setStroke(new BasicStroke(3));
			g.drawLine(right - 230, legendY - 4, right - 205, legendY - 4);
			g.setColor(Color.BLACK);
			g.drawString(String.format(Locale.ROOT, "%s risk (n = %d, %d %s)", high ? "High" : "Low", t.length, deaths, axes.eventWord()),
					right - 198, legendY);
			legendY += 20;
		}
		g.setColor(Color.BLACK);
		g.drawString(String.format(Locale.ROOT, "log-rank χ² = %.2f, p %s", groups.chiSquare(), p(groups.p())), right - 230, legendY + 4);

		// Numbers at risk.
		g.drawString("At risk", offset + 10, bottom + 70);
		int row = bottom + 92;
		for (boolean high : new boolean[] {true, false}) {
			double[] t = subset(groups.time(), groups.high(), high);
			g.setColor(high ? HIGH : LOW);
			g.drawString(high ? "High" : "Low", offset + 10, row);
			for (int month = 0; month <= months; month += 6) {
				double day = month * DAYS_PER_MONTH;
				long atRisk = java.util.Arrays.stream(t).filter(v -> v >= day).count();
				centred(g, Long.toString(atRisk), x(day, left, right, months), row);
			}
			row += 22;
		}
	}

	private static void curve(Graphics2D g, KaplanMeier km, int left, int right, int top, int bottom, int months) {
		g.setStroke(new BasicStroke(2.2f));
		double[] times = km.times();
		double[] survival = km.survival();
		int[] censored = km.censored();
		double limit = months * DAYS_PER_MONTH;
		double previousT = 0;
		double previousS = 1;
		for (int k = 0; k < times.length && times[k] <= limit; k++) {
			int x0 = x(previousT, left, right, months);
			int x1 = x(times[k], left, right, months);
			g.drawLine(x0, y(previousS, top, bottom), x1, y(previousS, top, bottom));
			g.drawLine(x1, y(previousS, top, bottom), x1, y(survival[k], top, bottom));
			if (censored[k] > 0) {
				int y = y(survival[k], top, bottom);
				g.drawLine(x1, y - 5, x1, y + 5);
			}
			previousT = times[k];
			previousS = survival[k];
		}
		double end = Math.min(limit, times.length == 0 ? 0 : times[times.length - 1]);
		g.drawLine(x(previousT, left, right, months), y(previousS, top, bottom), x(end, left, right, months), y(previousS, top, bottom));
	}

	private static String p(double p) {
		return p < 0.0001 ? "< 0.0001" : String.format(Locale.ROOT, "= %.4f", p);
	}

	private static int x(double days, int left, int right, int months) {
		return left + (int) Math.round((right - left) * Math.min(days, months * DAYS_PER_MONTH) / (months * DAYS_PER_MONTH));
	}

	private static int y(double survival, int top, int bottom) {
		return bottom - (int) Math.round((bottom - top) * survival);
	}

	private static void centred(Graphics2D g, String text, int x, int y) {
		g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, y);
	}

	private static double[] subset(double[] values, boolean[] mask, boolean wanted) {
		return java.util.stream.IntStream.range(0, values.length).filter(i -> mask[i] == wanted).mapToDouble(i -> values[i]).toArray();
	}

	private static int[] subset(int[] values, boolean[] mask, boolean wanted) {
		return java.util.stream.IntStream.range(0, values.length).filter(i -> mask[i] == wanted).map(i -> values[i]).toArray();
	}
}
