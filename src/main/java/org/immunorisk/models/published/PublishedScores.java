package org.immunorisk.models.published;

import java.util.List;

import org.immunorisk.models.RiskModel;

/** ImmunoRisk's published scores and decision rules, in catalogue order. */
public final class PublishedScores {

	private PublishedScores() {}

	/** The nine published models (new instances; they are stateless). */
	public static List<RiskModel> all() {
		return List.of(
				new AcrEular2019IgG4RdClassification(),
				new IgG4RdComprehensiveDiagnosis2020(),
				new IgG4RdHlaSteroidResponse(),
				new AcrEular2010RaClassification(),
				new LeidenPredictionRule(),
				new AcrEular2013SscClassification(),
				new SclerodermaRenalCrisisRiskFlags(),
				new LungImmunePrognosticIndex(),
				new LorisNsclc());
	}
}
