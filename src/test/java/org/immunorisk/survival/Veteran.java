package org.immunorisk.survival;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** R's veteran data set (src/test/resources/survival/veteran.csv), column by column. */
final class Veteran {

	final int n;
	final int[] trt;
	final String[] celltype;
	final double[] time;
	final int[] status;
	final double[] karno;
	final double[] diagtime;
	final double[] age;
	final double[] prior;

	private Veteran(List<String[]> rows) {
		n = rows.size();
		trt = new int[n];
		celltype = new String[n];
		time = new double[n];
		status = new int[n];
		karno = new double[n];
		diagtime = new double[n];
		age = new double[n];
		prior = new double[n];
		for (int i = 0; i < n; i++) {
			String[] r = rows.get(i);
			trt[i] = Integer.parseInt(r[0]);
			celltype[i] = r[1];
			time[i] = Double.parseDouble(r[2]);
			status[i] = Integer.parseInt(r[3]);
			karno[i] = Double.parseDouble(r[4]);
			diagtime[i] = Double.parseDouble(r[5]);
			age[i] = Double.parseDouble(r[6]);
			prior[i] = Double.parseDouble(r[7]);
		}
	}

	static Veteran load() {
		try (InputStream in = Veteran.class.getResourceAsStream("/survival/veteran.csv")) {
			if (in == null) {
				throw new IllegalStateException("survival/veteran.csv is not on the test classpath");
			}
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			String header = reader.readLine();
			if (!header.equals("\"trt\",\"celltype\",\"time\",\"status\",\"karno\",\"diagtime\",\"age\",\"prior\"")) {
				throw new IllegalStateException("unexpected header " + header);
			}
			List<String[]> rows = new ArrayList<>();
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				if (!line.isBlank()) {
					rows.add(line.replace("\"", "").split(","));
				}
			}
			return new Veteran(rows);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Subset of rows where trt equals the arm. */
	int[] rowsOfArm(int arm) {
		return java.util.stream.IntStream.range(0, n).filter(i -> trt[i] == arm).toArray();
	}

	static final String[] COX_TERMS = {"trt", "celltype smallcell", "celltype adeno", "celltype large", "karno",
			"diagtime", "age", "prior"};

	/** Design matrix of R's coxph(Surv(time, status) ~ trt + celltype + karno + diagtime + age + prior). */
	double[][] coxDesign() {
		double[][] x = new double[n][];
		for (int i = 0; i < n; i++) {
			x[i] = new double[] {trt[i], celltype[i].equals("smallcell") ? 1 : 0, celltype[i].equals("adeno") ? 1 : 0,
					celltype[i].equals("large") ? 1 : 0, karno[i], diagtime[i], age[i], prior[i]};
		}
		return x;
	}

	/** All six covariates for the forest, celltype as an unordered categorical. */
	Features features() {
		double[] trtValues = new double[n];
		for (int i = 0; i < n; i++) {
			trtValues[i] = trt[i];
		}
		return Features.builder().numeric("trt", trtValues).categorical("celltype", celltype).numeric("karno", karno)
				.numeric("diagtime", diagtime).numeric("age", age).numeric("prior", prior).build();
	}

	static double[] select(double[] values, int[] rows) {
		double[] out = new double[rows.length];
		for (int a = 0; a < rows.length; a++) {
			out[a] = values[rows[a]];
		}
		return out;
	}

	static int[] select(int[] values, int[] rows) {
		int[] out = new int[rows.length];
		for (int a = 0; a < rows.length; a++) {
			out[a] = values[rows[a]];
		}
		return out;
	}
}
