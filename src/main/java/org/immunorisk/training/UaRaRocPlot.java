package org.immunorisk.training;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import smile.validation.metric.AUC;

/**
 * ROC curves of the UA → RA network and the Leiden rule on the external cohort, as a PNG next to the model card
 * (Java2D and ImageIO only). The curves are exact (one step per distinct predicted value); the labels depend on the
 * fonts of the machine, so the PNG is regenerated with the card but not compared byte for byte.
 */
final class UaRaRocPlot {

	static final int SIZE = 560;
	private static final int LEFT = 70;
	private static final int TOP = 40;
	private static final int PLOT = 440;

	private UaRaRocPlot() {}

	static void write(Path file, UaRaMlpTraining.Trained trained) throws IOException {
		if (!ImageIO.write(image(trained), "png", file.toFile())) {
			throw new IOException("no PNG writer");
		}
	}

	static BufferedImage image(UaRaMlpTraining.Trained t) {
		BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, SIZE, SIZE);

		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		g.setColor(new Color(230, 230, 230));
		for (int i = 0; i <= 10; i++) {
			int v = TOP + PLOT - i * PLOT / 10;
			int h = LEFT + i * PLOT / 10;
			g.drawLine(LEFT, v, LEFT + PLOT, v);
			g.drawLine(h, TOP, h, TOP + PLOT);
		}
		g.setColor(Color.BLACK);
		g.drawRect(LEFT, TOP, PLOT, PLOT);
		for (int i = 0; i <= 5; i++) {
			String label = String.format(Locale.ROOT, "%.1f", i / 5.0);
			g.drawString(label, LEFT + i * PLOT / 5 - 9, TOP + PLOT + 18);
			g.drawString(label, LEFT - 30, TOP + PLOT - i * PLOT / 5 + 4);
		}
		g.drawString("1 − specificity", LEFT + PLOT / 2 - 40, TOP + PLOT + 40);
		g.rotate(-Math.PI / 2);
		g.drawString("sensitivity", -(TOP + PLOT / 2 + 30), LEFT - 40);
		g.rotate(Math.PI / 2);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
		g.drawString("UA → RA, external ANSWER-like cohort (SYNTHETIC data)", LEFT, TOP - 15);

		g.setColor(Color.GRAY);
		g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
		g.drawLine(LEFT, TOP + PLOT, LEFT + PLOT, TOP);

		boolean[] all = new boolean[t.externalOutcome().length];
		Arrays.fill(all, true);
		List<String> legend = new ArrayList<>();
		List<Color> colours = List.of(new Color(0, 90, 181), new Color(220, 50, 32), new Color(0, 150, 80));
		curve(g, t.externalOutcome(), t.externalMlp(), all, colours.get(0), new BasicStroke(2.2f), legend, "MLP, all");
		curve(g, t.externalOutcome(), t.externalLeiden(), all, colours.get(1), new BasicStroke(2.2f), legend, "Leiden rule, all");
		curve(g, t.externalOutcome(), t.externalMlp(), t.externalSeronegative(), colours.get(2), new BasicStroke(1.6f,
				BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 4f}, 0f), legend, "MLP, seronegative");

		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		int legendLeft = LEFT + PLOT - 312;
		g.setColor(Color.WHITE);
		g.fillRect(legendLeft - 8, TOP + PLOT - 88, 316, 70);
		g.setColor(Color.GRAY);
		g.setStroke(new BasicStroke(1f));
		g.drawRect(legendLeft - 8, TOP + PLOT - 88, 316, 70);
		for (int i = 0; i < legend.size(); i++) {
			int y = TOP + PLOT - 64 + 20 * i;
			g.setColor(colours.get(i));
			g.setStroke(new BasicStroke(2.2f));
			g.drawLine(legendLeft, y - 4, legendLeft + 25, y - 4);
			g.setColor(Color.BLACK);
			g.drawString(legend.get(i), legendLeft + 32, y);
		}
		g.dispose();
		return image;
	}

	/** The empirical ROC curve of the kept patients (ties drawn as one diagonal step), with its AUROC in the legend. */
	private static void curve(Graphics2D g, int[] y, double[] score, boolean[] keep, Color colour, BasicStroke stroke,
			List<String> legend, String label) {
		List<Integer> rows = new ArrayList<>();
		for (int i = 0; i < y.length; i++) {
			if (keep[i]) {
				rows.add(i);
			}
		}
		rows.sort(Comparator.comparingDouble((Integer i) -> score[i]).reversed());
		int[] yk = rows.stream().mapToInt(i -> y[i]).toArray();
		double[] sk = rows.stream().mapToDouble(i -> score[i]).toArray();
		Path2D.Double path = new Path2D.Double();
		List<double[]> points = RocPlot.points(yk, sk); // the same steps as every other card's ROC plot
		path.moveTo(LEFT, TOP + PLOT);
		for (double[] p : points.subList(1, points.size())) {
			path.lineTo(LEFT + PLOT * p[0], TOP + PLOT - PLOT * p[1]);
		}
		g.setColor(colour);
		g.setStroke(stroke);
		g.draw(path);
		legend.add(String.format(Locale.ROOT, "%s (n = %d): AUROC %.3f", label, rows.size(), AUC.of(yk, sk)));
	}
}
