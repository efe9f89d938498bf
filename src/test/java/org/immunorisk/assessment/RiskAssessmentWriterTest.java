package org.immunorisk.assessment;

import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.immunorisk.features.FeatureVector;
import org.immunorisk.features.PatientRecord;
import org.immunorisk.models.Contribution;
import org.immunorisk.models.ModelDescription;
import org.immunorisk.models.ModelKind;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskLevel;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a RiskAssessment says about the model behind it, including the synthetic-data notice. */
class RiskAssessmentWriterTest {

	private static RiskAssessment write(boolean synthetic) {
		ModelDescription model = new ModelDescription("igg4rd-rf", "0.1.0", "IgG4-RD random forest", "Research use.",
				"Demonstration", List.of("serum-igg4"), "igg4rd-diagnosis",
				synthetic ? ModelKind.TRAINED_MODEL : ModelKind.PUBLISHED_SCORE, "Demonstration only", synthetic);
		Prediction prediction = new Prediction("igg4rd-rf", true, null, 0.8125, RiskLevel.HIGH, "IgG4-RD likely",
				List.of(new Contribution("serum-igg4", "452 mg/dL", null, "highest importance")), List.of(),
				List.of("serum-igg4"), "Random forest probability 0.81.");
		Patient patient = new Patient();
		patient.setId("p1");
		FeatureVector features = FeatureVector.builder().number("serum-igg4", 452, "mg/dL", "Observation/o1").build();
		Assessment assessment = new Assessment(new PatientRecord(patient, List.of()), LocalDate.of(2026, 5, 1), features,
				List.of(new ModelResult(model, prediction)));
		return new RiskAssessmentWriter(null, new org.immunorisk.modelcards.ModelCardLinks("https://cds.example.test")).toRiskAssessment(assessment, assessment.results().get(0),
				new DateTimeType("2026-05-01"));
	}

	@Test
	void aModelTrainedOnSyntheticDataSaysSoInTheRiskAssessment() {
		RiskAssessment risk = write(true);
		assertThat(risk.getNote()).anyMatch(n -> n.getText().equals(RiskAssessmentWriter.SYNTHETIC_NOTICE));
		assertThat(risk.getMethod().getText()).isEqualTo("igg4rd-rf 0.1.0");
		assertThat(risk.getPredictionFirstRep().getProbabilityDecimalType().getValue().doubleValue()).isEqualTo(0.8125);
		assertThat(risk.getBasisFirstRep().getReference()).isEqualTo("Observation/o1");
	}

	@Test
	void aPublishedScoreCarriesNoSyntheticNotice() {
		assertThat(write(false).getNote()).noneMatch(n -> n.getText().equals(RiskAssessmentWriter.SYNTHETIC_NOTICE));
	}

	@Test
	void idsStayWithinFhirsSixtyFourCharacters() {
		String id = RiskAssessmentWriter.id("Patient/" + "x".repeat(64), "igg4rd-comprehensive-2020");
		assertThat(id).hasSizeLessThanOrEqualTo(64).startsWith("ra-");
		assertThat(RiskAssessmentWriter.id("Patient/p1", "lipi")).isEqualTo("ra-p1-lipi");
	}
}
