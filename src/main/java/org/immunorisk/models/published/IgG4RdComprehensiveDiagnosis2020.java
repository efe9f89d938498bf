package org.immunorisk.models.published;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.immunorisk.features.FeatureVector;
import org.immunorisk.models.ModelDescription;
import org.immunorisk.models.ModelKind;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskLevel;
import org.immunorisk.models.RiskModel;
import org.immunorisk.models.published.Support.Tally;
import org.immunorisk.models.published.Support.Tri;

/**
 * 2020 revised comprehensive diagnostic criteria for IgG4-related disease (Umehara H et al., Mod Rheumatol
 * 2021;31:529-533).
 *
 * <p>(1) organ swelling, mass or nodule; (2) serum IgG4 &gt; 135 mg/dL (a fixed cut-off, not the laboratory's
 * ULN); (3) pathology, 2 of 3 items: dense lymphoplasmacytic infiltrate with fibrosis; IgG4+/IgG+ &gt; 40% and
 * &gt; 10 IgG4+ cells/hpf; storiform fibrosis or obliterative phlebitis. Definite 1+2+3 (HIGH), probable 1+3
 * (HIGH), possible 1+2 (MODERATE), otherwise "not fulfilled" (LOW).
 *
 * <p>Missing inputs are reported and each missing criterion is tried both ways: a category is returned only
 * when every possibility gives the same one; otherwise the prediction is not computed. When no biopsy is
 * recorded at all (none of the pathology items, the tissue IgG4 values or a 2019 histopathology finding),
 * criterion 3 counts as not met: the criteria provide the "possible" category for patients without histology,
 * and the summary then says that histology could change the category. Once a biopsy is recorded, its absent
 * items are missing inputs when they could still decide criterion 3 (not once two items settle it).
 */
public final class IgG4RdComprehensiveDiagnosis2020 implements RiskModel {

	public static final String ID = "igg4rd-comprehensive-2020";
	static final double SERUM_IGG4_CUTOFF_MG_DL = 135;
	static final double TISSUE_RATIO_CUTOFF_PERCENT = 40;
	static final double TISSUE_CELLS_CUTOFF_HPF = 10;

	private static final ModelDescription DESCRIPTION = new ModelDescription(
			ID,
			Support.VERSION,
			"2020 revised comprehensive diagnostic criteria for IgG4-related disease",
			"Grades the diagnostic certainty of IgG4-related disease (definite, probable, possible) from organ"
					+ " swelling, serum IgG4 and pathology, for research and decision support. Mimickers (malignancy,"
					+ " similar disorders) must still be excluded clinically." + Support.RESEARCH_USE,
			"Umehara H, Okazaki K, Kawa S, et al. The 2020 revised comprehensive diagnostic (RCD) criteria for"
					+ " IgG4-RD. Mod Rheumatol 2021;31:529-533.",
			List.of("organ-swelling-mass", "serum-igg4", "dense-lymphoplasmacytic-infiltrate-fibrosis",
					"tissue-igg4-igg-ratio", "tissue-igg4-cells-hpf", "storiform-fibrosis-or-obliterative-phlebitis",
					"igg4rd-histopathology"),
			"igg4rd-diagnosis",
			ModelKind.PUBLISHED_SCORE,
			"Published expert-consensus diagnostic criteria (Japan), revised from the 2011 criteria",
			false);

	@Override
	public ModelDescription description() {
		return DESCRIPTION;
	}

	@Override
	public Prediction predict(FeatureVector features) {
		Tally tally = new Tally(features);

		Tri swelling = Tri.of(features.flag("organ-swelling-mass"));
		if (swelling == Tri.UNKNOWN) {
			tally.note("(1) organ swelling, mass or nodule", "not recorded", "missing", List.of());
			tally.missing(List.of("organ-swelling-mass"));
		} else {
			tally.note("(1) organ swelling, mass or nodule", swelling == Tri.TRUE ? "yes" : "no",
					swelling == Tri.TRUE ? "met" : "not met", List.of("organ-swelling-mass"));
		}

		Optional<Double> igg4 = features.number("serum-igg4");
		Tri serum = igg4.map(v -> Tri.of(v > SERUM_IGG4_CUTOFF_MG_DL)).orElse(Tri.UNKNOWN);
		if (serum == Tri.UNKNOWN) {
			tally.note("(2) serum IgG4 > 135 mg/dL", "not recorded", "missing (not treated as normal)", List.of());
			tally.missing(List.of("serum-igg4"));
		} else {
			tally.note("(2) serum IgG4 > 135 mg/dL", Support.display(features, "serum-igg4"),
					serum == Tri.TRUE ? "met" : "not met", List.of("serum-igg4"));
		}

		boolean biopsy = Support.anyPresent(features, "dense-lymphoplasmacytic-infiltrate-fibrosis",
				"storiform-fibrosis-or-obliterative-phlebitis", "tissue-igg4-igg-ratio", "tissue-igg4-cells-hpf",
				"igg4rd-histopathology");
		Tri pathology;
		if (!biopsy) {
			pathology = Tri.FALSE;
			tally.note("(3) pathology", "no biopsy recorded",
					"not met without histology (the criteria's 'possible' category covers patients without a biopsy)",
					List.of());
		} else {
			pathology = pathology(features, tally);
		}

		Set<String> categories = new LinkedHashSet<>();
		for (boolean c1 : values(swelling)) {
			for (boolean c2 : values(serum)) {
				for (boolean c3 : values(pathology)) {
					categories.add(category(c1, c2, c3));
				}
			}
		}
		if (categories.size() > 1) {
			return new Prediction(ID, false, null, null, null, null, tally.factors(), tally.missingInputs(),
					List.of(), "2020 comprehensive IgG4-RD criteria: not determinable, missing "
							+ Support.describeMissing(features, tally.missingInputs()) + " (could be "
							+ String.join(" or ", categories) + "). No value was imputed.");
		}
		String category = categories.iterator().next();
		RiskLevel risk = switch (category) {
			case "definite", "probable" -> RiskLevel.HIGH;
			case "possible" -> RiskLevel.MODERATE;
			default -> RiskLevel.LOW;
		};
		String summary = "2020 comprehensive IgG4-RD criteria: " + category
				+ (category.equals("not fulfilled") ? " (neither 1+2 nor 1+3 met)" : " IgG4-related disease")
				+ (tally.complete() ? "" : "; missing " + Support.describeMissing(features, tally.missingInputs())
						+ " cannot change the category")
				+ (!biopsy && !category.equals("definite") && swelling != Tri.FALSE
						? "; no biopsy recorded: histology could change the category" : "")
				+ ".";
		return new Prediction(ID, true, null, null, risk, category, tally.factors(), tally.missingInputs(),
				tally.used(), summary);
	}

	static String category(boolean swelling, boolean serum, boolean pathology) {
		if (swelling && serum && pathology) {
			return "definite";
		}
		if (swelling && pathology) {
			return "probable";
		}
		if (swelling && serum) {
			return "possible";
		}
		return "not fulfilled";
	}

	private static boolean[] values(Tri tri) {
		return switch (tri) {
			case TRUE -> new boolean[] {true};
			case FALSE -> new boolean[] {false};
			case UNKNOWN -> new boolean[] {true, false};
		};
	}

	/**
	 * Criterion 3: at least 2 of the 3 pathology items; unknown when the missing items could decide it. Missing
	 * items are listed only then: once two items settle the criterion, the third is not needed.
	 */
	private static Tri pathology(FeatureVector features, Tally tally) {
		List<Tri> items = new ArrayList<>();
		List<String> missingItems = new ArrayList<>();

		Tri infiltrate = Tri.of(features.flag("dense-lymphoplasmacytic-infiltrate-fibrosis"));
		items.add(infiltrate);
		pathologyItem(tally, missingItems, "(3a) dense lymphoplasmacytic infiltrate with fibrosis", infiltrate,
				Support.display(features, "dense-lymphoplasmacytic-infiltrate-fibrosis"),
				"dense-lymphoplasmacytic-infiltrate-fibrosis");

		Optional<Double> ratio = features.number("tissue-igg4-igg-ratio");
		Optional<Double> cells = features.number("tissue-igg4-cells-hpf");
		Tri ratioMet = ratio.map(r -> Tri.of(r > TISSUE_RATIO_CUTOFF_PERCENT)).orElse(Tri.UNKNOWN);
		Tri cellsMet = cells.map(c -> Tri.of(c > TISSUE_CELLS_CUTOFF_HPF)).orElse(Tri.UNKNOWN);
		Tri staining = ratioMet == Tri.FALSE || cellsMet == Tri.FALSE ? Tri.FALSE
				: ratioMet == Tri.TRUE && cellsMet == Tri.TRUE ? Tri.TRUE : Tri.UNKNOWN;
		items.add(staining);
		String stainingValue = "IgG4+/IgG+ " + Support.display(features, "tissue-igg4-igg-ratio") + ", IgG4+ cells "
				+ Support.display(features, "tissue-igg4-cells-hpf");
		if (staining == Tri.UNKNOWN) {
			if (ratio.isEmpty()) {
				missingItems.add("tissue-igg4-igg-ratio");
			}
			if (cells.isEmpty()) {
				missingItems.add("tissue-igg4-cells-hpf");
			}
			tally.note("(3b) IgG4+/IgG+ > 40% and > 10 IgG4+ cells/hpf", stainingValue, "not recorded",
					List.of("tissue-igg4-igg-ratio", "tissue-igg4-cells-hpf"));
		} else {
			tally.note("(3b) IgG4+/IgG+ > 40% and > 10 IgG4+ cells/hpf", stainingValue,
					staining == Tri.TRUE ? "met" : "not met", List.of("tissue-igg4-igg-ratio", "tissue-igg4-cells-hpf"));
		}

		Tri storiform = Tri.of(features.flag("storiform-fibrosis-or-obliterative-phlebitis"));
		items.add(storiform);
		pathologyItem(tally, missingItems, "(3c) storiform fibrosis or obliterative phlebitis", storiform,
				Support.display(features, "storiform-fibrosis-or-obliterative-phlebitis"),
				"storiform-fibrosis-or-obliterative-phlebitis");

		long met = items.stream().filter(t -> t == Tri.TRUE).count();
		long unknown = items.stream().filter(t -> t == Tri.UNKNOWN).count();
		Tri result = met >= 2 ? Tri.TRUE : met + unknown < 2 ? Tri.FALSE : Tri.UNKNOWN;
		if (result == Tri.UNKNOWN) {
			tally.missing(missingItems);
		}
		tally.note("(3) pathology, 2 of 3", met + " of 3 met" + (unknown > 0 ? ", " + unknown + " unknown" : ""),
				result == Tri.TRUE ? "met" : result == Tri.FALSE ? "not met" : "undetermined", List.of());
		return result;
	}

	private static void pathologyItem(Tally tally, List<String> missingItems, String item, Tri value, String display,
			String input) {
		if (value == Tri.UNKNOWN) {
			tally.note(item, display, "not recorded", List.of());
			missingItems.add(input);
		} else {
			tally.note(item, display, value == Tri.TRUE ? "met" : "not met", List.of(input));
		}
	}
}
