package org.immunorisk.models;

import java.util.List;

/**
 * What a model is, in the spirit of Tribuo's provenance: enough for a clinician to judge its output and for
 * the catalogue, RiskAssessment.method/note and CDS cards to say the same thing.
 *
 * @param id                     code in CodeSystem immunorisk-model
 * @param version                model version (semantic)
 * @param title                  human title
 * @param intendedUse            who may use it for what, and what not
 * @param citation               the source publication
 * @param inputs                 feature names the model reads (feature-definitions.json)
 * @param outcome                code in CodeSystem immunorisk-outcome
 * @param kind                   published score, decision rule or trained model
 * @param evidenceLevel          one line on the strength of evidence (e.g. "validated classification criteria")
 * @param trainedOnSyntheticData true for ImmunoRisk's demonstration models: every output must say so
 */
public record ModelDescription(
		String id,
		String version,
		String title,
		String intendedUse,
		String citation,
		List<String> inputs,
		String outcome,
		ModelKind kind,
		String evidenceLevel,
		boolean trainedOnSyntheticData) {

	public ModelDescription {
		inputs = List.copyOf(inputs);
	}
}
