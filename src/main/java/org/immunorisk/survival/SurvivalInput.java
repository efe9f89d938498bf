package org.immunorisk.survival;

/**
 * Checks shared by every estimator, so bad data fails at the door with a message naming the observation
 * rather than surfacing later as NaN.
 */
final class SurvivalInput {

	private SurvivalInput() {}

	static void checkTimes(double[] time, int[] status) {
		if (time == null || status == null) {
			throw new IllegalArgumentException("time and status are required");
		}
		if (time.length != status.length) {
			throw new IllegalArgumentException(
					"time and status differ in length: " + time.length + " times, " + status.length + " status values");
		}
		if (time.length == 0) {
			throw new IllegalArgumentException("no observations");
		}
		for (int i = 0; i < time.length; i++) {
			if (!Double.isFinite(time[i])) {
				throw new IllegalArgumentException("time[" + i + "] is not a finite number: " + time[i]);
			}
			if (time[i] < 0) {
				throw new IllegalArgumentException("time[" + i + "] is negative: " + time[i]);
			}
			if (status[i] != 0 && status[i] != 1) {
				throw new IllegalArgumentException(
						"status[" + i + "] must be 1 (event) or 0 (censored), was " + status[i]);
			}
		}
	}

	static void checkLength(String what, int length, int n) {
		if (length != n) {
			throw new IllegalArgumentException(what + " has " + length + " values but there are " + n + " observations");
		}
	}

	static void checkFinite(String what, double[] values) {
		for (int i = 0; i < values.length; i++) {
			if (!Double.isFinite(values[i])) {
				throw new IllegalArgumentException(what + "[" + i + "] is not a finite number: " + values[i]);
			}
		}
	}

	static int events(int[] status) {
		int d = 0;
		for (int s : status) {
			d += s;
		}
		return d;
	}
}
