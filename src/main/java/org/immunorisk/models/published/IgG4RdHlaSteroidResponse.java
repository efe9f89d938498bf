package org.immunorisk.models.published;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.immunorisk.features.FeatureVector;
import org.immunorisk.models.Contribution;
import org.immunorisk.models.ModelDescription;
import org.immunorisk.models.ModelKind;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskLevel;
import org.immunorisk.models.RiskModel;

/**
 * HLA markers of glucocorticoid requirement in IgG4-related disease (study A2 of ImmunoRisk's sources, a
 * single Japanese cohort; see /work/shared/CLINICAL.md §1). A decision rule, not a validated score:
 * <ul>
 * <li>HLA-DQB1*12:01 carrier → lower maintenance prednisolone dose (&lt; 7 mg/day);</li>
 * <li>HLA-B*40:01 carrier, or HLA-DRB1 β-chain position 7 valine carrier (DRB1*04:01, *04:03, *04:05,
 * *04:06, *04:10) → ≥ 10 mg/day prednisolone needed at the IgG4 nadir;</li>
 * <li>DRB1-β7-Val carriers also showed a relapse trend (18 patients: weak evidence).</li>
 * </ul>
 * Risk (of a higher glucocorticoid requirement): HIGH with B*40:01 or β7-Val; LOW with DQB1*12:01 only
 * (category "lower maintenance dose") or with no marker (category "no marker").
 *
 * <p>Alleles are matched on their first two fields ({@code HLA-DRB1*04:05:01} matches DRB1*04:05); null
 * alleles (suffix N) are not expressed and do not count as carriage. Missing {@code hla-alleles} → not
 * computed. If HLA-B or HLA-DRB1 was not typed and no high marker was found, "no marker" cannot be claimed →
 * not computed. An untyped DQB1 only leaves the lower-dose flag unassessed (said in the summary).
 *
 * <p>Applicability: the rule concerns patients with IgG4-RD, so it applies when the record has IgG4-RD data
 * (organ involvement, biopsy finding, organ swelling or serum IgG4), whether or not HLA typing is recorded (so
 * that an untyped IgG4-RD patient is told the inputs are missing). HLA typing alone (e.g. in RA, where DRB1*04
 * alleles are common) does not make it applicable.
 */
public final class IgG4RdHlaSteroidResponse implements RiskModel {

	public static final String ID = "igg4rd-hla-steroid-response";

	static final String DQB1_12_01 = "DQB1*12:01";
	static final String B_40_01 = "B*40:01";
	static final Set<String> DRB1_BETA7_VAL = Set.of("DRB1*04:01", "DRB1*04:03", "DRB1*04:05", "DRB1*04:06", "DRB1*04:10");

	private static final Pattern ALLELE = Pattern.compile(
			"^(?:HLA-)?([A-Z0-9]+)\\*(\\d{2,3}):(\\d{2,4})((?::\\d{2,})*)([A-Z]?)$");

	private static final ModelDescription DESCRIPTION = new ModelDescription(
			ID,
			Support.VERSION,
			"IgG4-RD HLA glucocorticoid requirement rule",
			"Flags HLA alleles associated with the glucocorticoid dose needed in IgG4-related disease (DQB1*12:01:"
					+ " lower maintenance dose; B*40:01 and DRB1-β7-Val: ≥ 10 mg/day prednisolone at the IgG4 nadir;"
					+ " DRB1-β7-Val: relapse trend). For patients with IgG4-RD, as decision support for research;"
					+ " it does not set a dose." + Support.RESEARCH_USE,
			"ImmunoRisk source study A2 (IgG4-related disease HLA association study, Japanese cohort; see"
					+ " CLINICAL.md §1): DQB1*12:01, B*40:01 and DRB1 β7-Val (DRB1*04:01/03/05/06/10) carriers.",
			List.of("hla-alleles"),
			"steroid-dose-requirement",
			ModelKind.DECISION_RULE,
			"Weak: associations from a single Japanese cohort, not validated; the relapse trend rests on 18"
					+ " DRB1-β7-Val carriers",
			false);

	@Override
	public ModelDescription description() {
		return DESCRIPTION;
	}

	@Override
	public boolean isApplicable(FeatureVector features) {
		return Support.anyPresent(features, "igg4rd-organs", "igg4rd-histopathology", "organ-swelling-mass",
				"serum-igg4");
	}

	/** A parsed allele: locus and two-field name ("DRB1*04:05"), null allele flag. */
	record Allele(String locus, String twoField, boolean nullAllele) {}

	/** Parses "HLA-DRB1*04:05", "HLA-DRB1*04:05:01", "DRB1*04:05:01:02N"; null when not an allele name. */
	static Allele parse(String text) {
		Matcher m = ALLELE.matcher(text.trim().toUpperCase(Locale.ROOT));
		if (!m.matches()) {
			return null;
		}
		String locus = m.group(1);
		return new Allele(locus, locus + "*" + m.group(2) + ":" + m.group(3), "N".equals(m.group(5)));
	}

	@Override
	public Prediction predict(FeatureVector features) {
		if (!features.has("hla-alleles") || features.codes("hla-alleles").isEmpty()) {
			return Prediction.notComputed(ID, List.of("hla-alleles"),
					"IgG4-RD HLA rule: HLA alleles not recorded (not typed); nothing assessed.");
		}
		Set<String> typedLoci = new TreeSet<>();
		Set<String> carried = new TreeSet<>();
		List<String> unrecognised = new ArrayList<>();
		for (String text : features.codes("hla-alleles")) {
			Allele allele = parse(text);
			if (allele == null) {
				unrecognised.add(text);
				continue;
			}
			typedLoci.add(allele.locus());
			if (!allele.nullAllele()) {
				carried.add(allele.twoField());
			}
		}

		List<Contribution> factors = new ArrayList<>();
		boolean b4001 = carried.contains(B_40_01);
		List<String> beta7 = carried.stream().filter(DRB1_BETA7_VAL::contains).toList();
		boolean dqb11201 = carried.contains(DQB1_12_01);
		boolean bTyped = typedLoci.contains("B");
		boolean drb1Typed = typedLoci.contains("DRB1");
		boolean dqb1Typed = typedLoci.contains("DQB1");

		factors.add(flag("HLA-B*40:01", bTyped, b4001, "HLA-B", b4001 ? "B*40:01" : alleles(carried, "B"),
				"carrier: ≥ 10 mg/day prednisolone needed at the IgG4 nadir"));
		factors.add(flag("HLA-DRB1 β7-Val", drb1Typed, !beta7.isEmpty(), "HLA-DRB1",
				beta7.isEmpty() ? alleles(carried, "DRB1") : String.join(", ", beta7),
				"carrier: ≥ 10 mg/day prednisolone needed at the IgG4 nadir; relapse trend (18 carriers, weak"
						+ " evidence)"));
		factors.add(flag("HLA-DQB1*12:01", dqb1Typed, dqb11201, "HLA-DQB1",
				dqb11201 ? "DQB1*12:01" : alleles(carried, "DQB1"), "carrier: lower maintenance prednisolone (< 7 mg/day)"));
		if (!unrecognised.isEmpty()) {
			factors.add(new Contribution("hla-alleles", String.join(", ", unrecognised), null,
					"not recognised as HLA allele names; ignored"));
		}

		boolean high = b4001 || !beta7.isEmpty();
		List<String> used = List.of("hla-alleles");
		if (high) {
			List<String> markers = new ArrayList<>();
			if (b4001) {
				markers.add("HLA-B*40:01");
			}
			markers.addAll(beta7.stream().map(a -> "HLA-" + a + " (β7-Val)").toList());
			String summary = "IgG4-RD HLA rule: " + String.join(", ", markers) + " carrier: ≥ 10 mg/day"
					+ " prednisolone predicted to be needed at the IgG4 nadir"
					+ (beta7.isEmpty() ? "" : "; DRB1-β7-Val relapse trend (18 patients, weak evidence)")
					+ (dqb11201 ? "; also DQB1*12:01 carrier (lower maintenance dose)" : "")
					+ ". Weak evidence from a single Japanese cohort.";
			return new Prediction(ID, true, null, null, RiskLevel.HIGH, "higher dose requirement", factors,
					List.of(), used, summary);
		}
		if (!bTyped || !drb1Typed) {
			String untyped = String.join(" and ", (!bTyped && !drb1Typed) ? List.of("HLA-B", "HLA-DRB1")
					: !bTyped ? List.of("HLA-B") : List.of("HLA-DRB1"));
			return new Prediction(ID, false, null, null, null, null, factors, List.of("hla-alleles"), List.of(),
					"IgG4-RD HLA rule: " + untyped + " not typed, so the higher-dose markers (B*40:01, DRB1-β7-Val)"
							+ " cannot be ruled out; nothing concluded.");
		}
		if (dqb11201) {
			return new Prediction(ID, true, null, null, RiskLevel.LOW, "lower maintenance dose", factors, List.of(),
					used, "IgG4-RD HLA rule: HLA-DQB1*12:01 carrier, no B*40:01 or DRB1-β7-Val: lower maintenance"
							+ " prednisolone (< 7 mg/day) reported for carriers. Weak evidence from a single Japanese"
							+ " cohort.");
		}
		return new Prediction(ID, true, null, null, RiskLevel.LOW, "no marker", factors, List.of(), used,
				"IgG4-RD HLA rule: no B*40:01, DRB1-β7-Val or DQB1*12:01 allele"
						+ (dqb1Typed ? "" : " found (HLA-DQB1 not typed, so the lower-dose marker was not assessed)")
						+ "; no HLA-based dose flag. Weak evidence from a single Japanese cohort.");
	}

	private static Contribution flag(String item, boolean typed, boolean carrier, String locus, String alleles,
			String meaning) {
		if (!typed) {
			return new Contribution(item, locus + " not typed", null, "not assessed");
		}
		return new Contribution(item, carrier ? "carrier (" + alleles + ")" : "non-carrier (" + alleles + ")", null,
				carrier ? meaning : "non-carrier");
	}

	private static String alleles(Set<String> carried, String locus) {
		List<String> found = carried.stream().filter(a -> a.startsWith(locus + "*")).toList();
		return found.isEmpty() ? "no expressed " + locus + " allele" : String.join(", ", found);
	}
}
