/**
 * Survival analysis in plain Java: Kaplan–Meier, log-rank tests, Cox proportional hazards, Harrell's C and
 * random survival forests.
 *
 * <p>No maintained Java library offers these, so ImmunoRisk carries its own. The code follows R's
 * {@code survival} package (and {@code ranger} for the forest) wherever a convention has to be chosen, so
 * results can be checked against R; the tests reproduce the reference values of R's {@code veteran} data set.
 * See {@code docs/survival-library.md}.
 *
 * <p>Inputs everywhere are a follow-up {@code time} (finite, non-negative) and a {@code status} (1 event,
 * 0 censored), as in R's {@code Surv(time, status)}. Invalid input raises {@link java.lang.IllegalArgumentException}
 * with a message naming the offending observation.
 */
package org.immunorisk.survival;
