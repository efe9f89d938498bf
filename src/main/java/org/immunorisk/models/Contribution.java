package org.immunorisk.models;

/**
 * One factor behind a prediction: which input, its value as used, and what it added.
 *
 * @param input       feature name (or a criterion/domain name for scores)
 * @param value       the value as the model used it, human-readable
 * @param points      points or weight contributed; null for flags without points
 * @param explanation why, in the score's own words (e.g. "serum IgG4 2–5 × ULN")
 */
public record Contribution(String input, String value, Double points, String explanation) {}
