package org.immunorisk.training.fhir;

import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.Random;

/**
 * The dates of one synthetic patient, seeded (same cohort seed and row id, same dates; no clock is read). The cohorts
 * have no calendar dates, so ImmunoRisk sets them:
 * <ul>
 * <li>index date (every input is dated on it; the labels' {@code index_date}): uniform over 2021-01-01 .. 2022-12-31,
 * so that it lies in the past (the server refuses assessment dates in the future) and so that the longest NSCLC
 * follow-up (1095 days) ends before 2026;</li>
 * <li>birth date: uniform over the days that give the cohort's age (completed years) on the index date.</li>
 * </ul>
 * Drawn from their own {@link Random} (seeded with the cohort seed and the row id, {@link String#hashCode()} being
 * specified by the Java language), so they never disturb the cohort generator's stream.
 */
final class SyntheticDates {

	static final LocalDate FIRST_INDEX_DATE = LocalDate.of(2021, 1, 1);
	static final int INDEX_DATE_DAYS = 730;

	private final Random random;
	private final LocalDate indexDate;

	SyntheticDates(long cohortSeed, String sourceId) {
		random = new Random(cohortSeed * 1_000_003L + sourceId.hashCode());
		indexDate = FIRST_INDEX_DATE.plusDays(random.nextInt(INDEX_DATE_DAYS));
	}

	LocalDate indexDate() {
		return indexDate;
	}

	/** A birth date giving {@code age} completed years on the index date. */
	LocalDate birthDate(int age) {
		LocalDate latest = indexDate.minusYears(age);
		LocalDate earliest = indexDate.minusYears(age + 1L).plusDays(1);
		LocalDate born = earliest.plusDays(random.nextInt((int) ChronoUnit.DAYS.between(earliest, latest) + 1));
		if (Period.between(born, indexDate).getYears() != age) {
			throw new IllegalStateException("birth date " + born + " does not give age " + age + " on " + indexDate);
		}
		return born;
	}
}
