package org.immunorisk.features;

import org.hl7.fhir.r4.model.Patient;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Inputs computed from other inputs; formulas and sources are listed under "derived" in feature-definitions.json. */
final class DerivedFeatures {

	/**
	 * Serum IgG4 upper limit of normal when the laboratory gives none: 135 mg/dL, the cut-off of the 2020
	 * revised comprehensive diagnostic criteria (Umehara et al., Mod Rheumatol 2021;31:529). Using it as ULN is
	 * an assumption (laboratories differ), not a verified per-assay value.
	 */
	static final double DEFAULT_SERUM_IGG4_ULN_MG_DL = 135.0;

	private DerivedFeatures() {}

	static void demographics(Patient patient, LocalDate asOf, FeatureVector.Builder vector) {
		String source = "Patient/" + patient.getIdElement().getIdPart();
		// A birthDate may be present without a value (only a data-absent-reason extension): no age, not a crash.
		Optional<LocalDate> born = patient.hasBirthDate() ? FhirDates.localDate(patient.getBirthDateElement()) : Optional.empty();
		if (born.isPresent()) {
			vector.number("age", Period.between(born.get(), asOf).getYears(), "a", source);
		} else {
			vector.missing("age", source + (patient.hasBirthDate() ? " has no birthDate value (data absent)" : " has no birthDate"));
		}
		if (patient.hasGender()) {
			vector.code("sex", patient.getGender().toCode(), source);
		} else {
			vector.missing("sex", source + " has no gender");
		}
	}

	static FeatureVector derive(FeatureVector base) {
		FeatureVector.Builder vector = FeatureVector.builder();
		base.features().forEach(vector::add);
		copyMissing(base, vector);

		base.get("serum-igg4").ifPresent(igg4 -> {
			Feature uln = base.get("serum-igg4-uln").orElseGet(() -> {
				vector.assume("serum-igg4-uln", "The laboratory gave no upper reference limit for serum IgG4: "
						+ "135 mg/dL assumed (the cut-off of the 2020 revised comprehensive diagnostic criteria).");
				return new Feature("serum-igg4-uln", DEFAULT_SERUM_IGG4_ULN_MG_DL, "mg/dL", igg4.sources());
			});
			vector.add(uln);
			vector.add(ratio("serum-igg4-uln-multiple", igg4, uln, "1"));
		});
		if (!base.has("igg4-igg-ratio")) {
			both(base, "serum-igg4", "serum-igg").ifPresent(pair ->
					vector.add(ratio("igg4-igg-ratio", pair.get(0), pair.get(1), "{ratio}")));
		}
		hypocomplementemia(base).ifPresent(vector::add);
		if (!base.has("nlr")) {
			both(base, "neutrophils", "lymphocytes").ifPresent(pair -> {
				if ((Double) pair.get(1).value() > 0) {
					vector.add(ratio("nlr", pair.get(0), pair.get(1), "{ratio}"));
				} else {
					vector.missing("nlr", "lymphocyte count is 0: NLR undefined");
				}
			});
		}
		if (!base.has("dnlr")) {
			// dNLR = ANC / (WBC - ANC), Mezquita et al., JAMA Oncol 2018;4:351
			both(base, "neutrophils", "wbc").ifPresent(pair -> {
				double anc = (Double) pair.get(0).value();
				double wbc = (Double) pair.get(1).value();
				if (wbc > anc) {
					vector.add(new Feature("dnlr", anc / (wbc - anc), "{ratio}", sources(pair)));
				} else {
					vector.missing("dnlr", "WBC (" + wbc + ") is not above the neutrophil count (" + anc + "): dNLR undefined");
				}
			});
		}
		return vector.build();
	}

	private static void copyMissing(FeatureVector base, FeatureVector.Builder vector) {
		base.missingReasons().forEach(vector::missing);
		base.assumptions().forEach(vector::assume);
	}

	private static Optional<Feature> hypocomplementemia(FeatureVector base) {
		boolean lowC3 = below(base, "c3", "c3-lln");
		boolean lowC4 = below(base, "c4", "c4-lln");
		boolean known = (base.has("c3") && base.has("c3-lln")) || (base.has("c4") && base.has("c4-lln"));
		if (!known) {
			return Optional.empty();
		}
		List<String> sources = base.sources(List.of("c3", "c4"));
		return Optional.of(new Feature("hypocomplementemia", lowC3 || lowC4, null, sources));
	}

	private static boolean below(FeatureVector base, String value, String lowerLimit) {
		return base.number(value).isPresent() && base.number(lowerLimit).isPresent()
				&& base.number(value).get() < base.number(lowerLimit).get();
	}

	private static Optional<List<Feature>> both(FeatureVector base, String first, String second) {
		if (base.get(first).isPresent() && base.get(second).isPresent()
				&& base.get(first).get().value() instanceof Double && base.get(second).get().value() instanceof Double) {
			return Optional.of(List.of(base.get(first).get(), base.get(second).get()));
		}
		return Optional.empty();
	}

	private static Feature ratio(String name, Feature numerator, Feature denominator, String unit) {
		double value = (Double) numerator.value() / (Double) denominator.value();
		return new Feature(name, value, unit, sources(List.of(numerator, denominator)));
	}

	private static List<String> sources(List<Feature> features) {
		List<String> sources = new ArrayList<>();
		features.forEach(f -> f.sources().stream().filter(s -> !sources.contains(s)).forEach(sources::add));
		return sources;
	}
}
