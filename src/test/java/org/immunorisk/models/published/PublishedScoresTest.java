package org.immunorisk.models.published;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.immunorisk.features.FeatureVector;
import org.immunorisk.models.ModelDescription;
import org.immunorisk.models.ModelKind;
import org.immunorisk.models.ModelRegistry;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskModel;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class PublishedScoresTest {

	private static JsonNode json(String resource) throws IOException {
		try (InputStream in = PublishedScoresTest.class.getClassLoader().getResourceAsStream(resource)) {
			assertThat(in).as(resource).isNotNull();
			return new ObjectMapper().readTree(in);
		}
	}

	private static Set<String> codes(String resource) throws IOException {
		Set<String> codes = new HashSet<>();
		json(resource).get("concept").forEach(c -> codes.add(c.get("code").asText()));
		return codes;
	}

	@Test
	void nineModelsWithTheCatalogueIds() {
		List<RiskModel> all = PublishedScores.all();
		assertThat(all).extracting(m -> m.description().id()).containsExactly(
				"acr-eular-2019-igg4rd", "igg4rd-comprehensive-2020", "igg4rd-hla-steroid-response",
				"acr-eular-2010-ra", "leiden-ua-ra", "acr-eular-2013-ssc", "ssc-renal-crisis-flags", "lipi",
				"loris-nsclc");
		// they register without id clashes
		assertThat(new ModelRegistry(all).all()).hasSize(9);
	}

	@Test
	void descriptionsUseTerminologyCodesAndDefinedInputs() throws IOException {
		Set<String> modelCodes = codes("immunorisk/terminology/CodeSystem-immunorisk-model.json");
		Set<String> outcomeCodes = codes("immunorisk/terminology/CodeSystem-immunorisk-outcome.json");
		JsonNode definitions = json("immunorisk/features/feature-definitions.json");
		Set<String> inputs = new HashSet<>();
		for (JsonNode f : definitions.get("features")) {
			inputs.add(f.get("name").asText());
			for (String limit : new String[] {"referenceRangeHigh", "referenceRangeLow"}) {
				if (f.has(limit)) {
					inputs.add(f.get(limit).asText());
				}
			}
		}
		definitions.get("derived").forEach(f -> inputs.add(f.get("name").asText()));

		for (RiskModel model : PublishedScores.all()) {
			ModelDescription d = model.description();
			assertThat(modelCodes).as(d.id()).contains(d.id());
			assertThat(outcomeCodes).as(d.id()).contains(d.outcome());
			assertThat(inputs).as(d.id() + " inputs").containsAll(d.inputs());
			assertThat(d.version()).isEqualTo("1.0.0");
			assertThat(d.trainedOnSyntheticData()).isFalse();
			assertThat(d.kind()).isIn(ModelKind.PUBLISHED_SCORE, ModelKind.DECISION_RULE);
			assertThat(d.citation()).isNotBlank();
			assertThat(d.evidenceLevel()).isNotBlank();
			assertThat(d.intendedUse()).contains("not").containsIgnoringCase("decision support");
			assertThat(d.title()).isNotBlank();
		}
	}

	@Test
	void decisionRulesAreMarkedAsSuch() {
		Map<String, ModelKind> kinds = new java.util.HashMap<>();
		PublishedScores.all().forEach(m -> kinds.put(m.description().id(), m.description().kind()));
		assertThat(kinds.get("igg4rd-hla-steroid-response")).isEqualTo(ModelKind.DECISION_RULE);
		assertThat(kinds.get("ssc-renal-crisis-flags")).isEqualTo(ModelKind.DECISION_RULE);
		assertThat(kinds.values().stream().filter(k -> k == ModelKind.PUBLISHED_SCORE)).hasSize(7);
	}

	private static Set<String> applicable(FeatureVector patient) {
		Set<String> ids = new HashSet<>();
		PublishedScores.all().stream().filter(m -> m.isApplicable(patient)).forEach(m -> ids.add(m.description().id()));
		return ids;
	}

	@Test
	void eachBundlePatientGetsTheScoresOfItsDomain() {
		assertThat(applicable(BundlePatients.igg4rdHigh())).containsExactlyInAnyOrder("acr-eular-2019-igg4rd",
				"igg4rd-comprehensive-2020", "igg4rd-hla-steroid-response");
		assertThat(applicable(BundlePatients.igg4rdLow())).containsExactlyInAnyOrder("acr-eular-2019-igg4rd",
				"igg4rd-comprehensive-2020", "igg4rd-hla-steroid-response");
		assertThat(applicable(BundlePatients.raHigh())).containsExactlyInAnyOrder("acr-eular-2010-ra", "leiden-ua-ra");
		assertThat(applicable(BundlePatients.raLow())).containsExactlyInAnyOrder("acr-eular-2010-ra", "leiden-ua-ra");
		assertThat(applicable(BundlePatients.sscHigh())).containsExactlyInAnyOrder("acr-eular-2013-ssc",
				"ssc-renal-crisis-flags");
		assertThat(applicable(BundlePatients.nsclcLow())).containsExactlyInAnyOrder("lipi", "loris-nsclc");
		assertThat(applicable(BundlePatients.crcHigh())).isEmpty();
		assertThat(applicable(BundlePatients.noDomainData())).isEmpty();
	}

	@Test
	void everyModelAnswersAnEmptyRecordWithoutGuessing() {
		for (RiskModel model : PublishedScores.all()) {
			Prediction p = model.predict(FeatureVector.empty());
			assertThat(p.modelId()).isEqualTo(model.description().id());
			assertThat(p.inputsUsed()).as(p.modelId()).isEmpty();
			assertThat(p.computed()).as(p.modelId() + " must not answer an empty record").isFalse();
			assertThat(p.missingInputs()).as(p.modelId()).isNotEmpty();
			assertThat(p.risk()).isNull();
		}
	}

	@Test
	void inputsUsedAreInputsTheModelDeclaresAndThePatientHas() {
		List<FeatureVector> patients = List.of(BundlePatients.igg4rdHigh(), BundlePatients.igg4rdLow(),
				BundlePatients.igg4rdMissingIgg4(), BundlePatients.raHigh(), BundlePatients.raLow(),
				BundlePatients.sscHigh(), BundlePatients.sscLow(), BundlePatients.nsclcHigh(), BundlePatients.nsclcLow());
		for (FeatureVector patient : patients) {
			for (RiskModel model : PublishedScores.all()) {
				Prediction p = model.predict(patient);
				assertThat(model.description().inputs()).as(p.modelId()).containsAll(p.inputsUsed());
				assertThat(model.description().inputs()).as(p.modelId()).containsAll(p.missingInputs());
				p.inputsUsed().forEach(name -> assertThat(patient.has(name)).as(p.modelId() + " " + name).isTrue());
				p.missingInputs().forEach(name -> assertThat(patient.has(name)).as(p.modelId() + " " + name).isFalse());
				assertThat(p.summary()).isNotBlank();
			}
		}
	}
}
