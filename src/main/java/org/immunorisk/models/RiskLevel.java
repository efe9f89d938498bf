package org.immunorisk.models;

/**
 * Qualitative risk, as the codes of http://terminology.hl7.org/CodeSystem/risk-probability
 * (negligible | low | moderate | high | certain).
 */
public enum RiskLevel {
	NEGLIGIBLE("negligible", "Negligible likelihood"),
	LOW("low", "Low likelihood"),
	MODERATE("moderate", "Moderate likelihood"),
	HIGH("high", "High likelihood"),
	CERTAIN("certain", "Certain");

	public static final String SYSTEM = "http://terminology.hl7.org/CodeSystem/risk-probability";

	private final String code;
	private final String display;

	RiskLevel(String code, String display) {
		this.code = code;
		this.display = display;
	}

	public String code() {
		return code;
	}

	public String display() {
		return display;
	}
}
