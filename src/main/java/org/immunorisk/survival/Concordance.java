package org.immunorisk.survival;

/**
 * Harrell's concordance index (Harrell et al. 1982) with the pair counts of R's {@code survival::concordance}.
 *
 * <p>A pair is comparable when the subject with the shorter time had the event; following R, a death and a
 * censoring at the same time are comparable too (the death is taken as first). Two deaths at the same time are
 * not comparable: they are counted as tied.y, or tied.xy when the predictor is also tied. Among comparable pairs,
 * a tie in the predictor counts one half:
 * C = (concordant + tied.x / 2) / (concordant + discordant + tied.x).
 *
 * <p>All pairs are visited (O(n²)), which is simple and exact for the data sizes this project handles.
 */
public final class Concordance {

	private final long concordant;
	private final long discordant;
	private final long tiedX;
	private final long tiedY;
	private final long tiedXY;

	private Concordance(long concordant, long discordant, long tiedX, long tiedY, long tiedXY) {
		this.concordant = concordant;
		this.discordant = discordant;
		this.tiedX = tiedX;
		this.tiedY = tiedY;
		this.tiedXY = tiedXY;
	}

	/**
	 * Concordance of a predictor whose larger values mean longer survival (R's default orientation, e.g.
	 * {@code concordance(Surv(time, status) ~ karno)}).
	 */
	public static Concordance of(double[] time, int[] status, double[] predictor) {
		return count(time, status, predictor, false);
	}

	/**
	 * Concordance of a risk score whose larger values mean shorter survival: a Cox linear predictor or a forest's
	 * ensemble mortality (R's {@code reverse = TRUE}, which {@code concordance(coxfit)} uses).
	 */
	public static Concordance ofRisk(double[] time, int[] status, double[] risk) {
		return count(time, status, risk, true);
	}

	private static Concordance count(double[] time, int[] status, double[] x, boolean risk) {
		SurvivalInput.checkTimes(time, status);
		if (x == null) {
			throw new IllegalArgumentException("predictor is required");
		}
		SurvivalInput.checkLength("predictor", x.length, time.length);
		SurvivalInput.checkFinite("predictor", x);
		long concordant = 0;
		long discordant = 0;
		long tiedX = 0;
		long tiedY = 0;
		long tiedXY = 0;
		int n = time.length;
		for (int i = 0; i < n; i++) {
			for (int j = i + 1; j < n; j++) {
				int first;
				int second;
				if (time[i] == time[j]) {
					if (status[i] == 1 && status[j] == 1) {
						if (x[i] == x[j]) {
							tiedXY++;
						} else {
							tiedY++;
						}
						continue;
					}
					if (status[i] == 0 && status[j] == 0) {
						continue;
					}
					// R: a death and a censoring at the same time; the death comes first.
					first = status[i] == 1 ? i : j;
					second = first == i ? j : i;
				} else {
					first = time[i] < time[j] ? i : j;
					second = first == i ? j : i;
					if (status[first] == 0) {
						continue;
					}
				}
				if (x[first] == x[second]) {
					tiedX++;
				} else if ((x[first] < x[second]) != risk) {
					concordant++;
				} else {
					discordant++;
				}
			}
		}
		return new Concordance(concordant, discordant, tiedX, tiedY, tiedXY);
	}

	/** Harrell's C, tied predictions counting one half. NaN when there is no comparable pair. */
	public double index() {
		long comparable = concordant + discordant + tiedX;
		return comparable == 0 ? Double.NaN : (concordant + tiedX / 2.0) / comparable;
	}

	public long concordant() {
		return concordant;
	}

	public long discordant() {
		return discordant;
	}

	/** Comparable pairs tied on the predictor only. */
	public long tiedX() {
		return tiedX;
	}

	/** Pairs of events at the same time (not comparable), predictor not tied. */
	public long tiedY() {
		return tiedY;
	}

	/** Pairs of events at the same time with the same predictor. */
	public long tiedXY() {
		return tiedXY;
	}
}
