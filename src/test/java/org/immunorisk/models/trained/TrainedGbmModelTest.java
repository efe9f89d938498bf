package org.immunorisk.models.trained;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.immunorisk.features.FeatureDefinitions;
import org.immunorisk.features.FeatureExtractor;
import org.immunorisk.features.FeatureVector;
import org.immunorisk.features.UnitConverter;
import org.immunorisk.models.Contribution;
import org.immunorisk.models.ModelKind;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskLevel;
import org.immunorisk.testsupport.ScenarioPatients;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The CRC radiomics model (study E) as the server serves it. Worked out from the shipped manifest (model version
 * 0.1.0): its inputs are two features of the primary tumour on prone CT colonography, LoG σ 3 mm GLSZM zone entropy
 * and wavelet-LHH first-order 10th percentile. The scenario bundles carry the first (crc-high 6.12, crc-low 5.21; the
 * liver's 6.47 and 5.44 must not be taken) but not the second, so for both patients the model is applicable and
 * reports the wavelet feature missing, not imputed.
 */
class TrainedGbmModelTest {

	private static final String ID = "crc-tmb-radiomics";
	private static final String ZONE_ENTROPY = "crc-primary-prone-log-sigma-3-0-mm-3d_glszm_ZoneEntropy";
	private static final String WAVELET_P10 = "crc-primary-prone-wavelet-LHH_firstorder_10Percentile";
	private static final FeatureExtractor EXTRACTOR = new FeatureExtractor(FeatureDefinitions.fromClasspath(), new UnitConverter());

	private static TrainedGbmModel model() {
		return (TrainedGbmModel) TrainedModels.fromClasspath().stream().filter(m -> m.description().id().equals(ID)).findFirst()
				.orElseThrow();
	}

	private static FeatureVector extracted(String scenario, LocalDate workUp) {
		return EXTRACTOR.extract(ScenarioPatients.record(scenario), workUp);
	}

	private static FeatureVector inputs(double zoneEntropy, double waveletP10) {
		return FeatureVector.builder().number(ZONE_ENTROPY, zoneEntropy, "1", "Observation/ze")
				.number(WAVELET_P10, waveletP10, "[hnsf'U]", "Observation/p10").build();
	}

	@Test
	void itShipsAsASyntheticDemonstrationWithDefinedInputs() {
		TrainedGbmModel model = model();
		assertThat(model.description().trainedOnSyntheticData()).isTrue();
		assertThat(model.description().kind()).isEqualTo(ModelKind.TRAINED_MODEL);
		assertThat(model.description().outcome()).isEqualTo("tmb-high");
		assertThat(model.description().inputs()).containsExactly(ZONE_ENTROPY, WAVELET_P10);
		assertThat(FeatureDefinitions.fromClasspath().knownNames()).containsAll(model.description().inputs());
	}

	@Test
	void theScenarioPatientsLackTheWaveletFeatureAndAreReportedMissing() {
		FeatureVector high = extracted("crc-high", LocalDate.of(2026, 7, 21));
		FeatureVector low = extracted("crc-low", LocalDate.of(2026, 8, 4));
		assertThat(high.number(ZONE_ENTROPY)).contains(6.12); // the primary's, not the liver's 6.47
		assertThat(high.get(ZONE_ENTROPY).orElseThrow().sources()).containsExactly("Observation/crc-high-rad-primary-glszm-zone-entropy");
		assertThat(low.number(ZONE_ENTROPY)).contains(5.21);
		for (FeatureVector patient : List.of(high, low)) {
			assertThat(patient.has(WAVELET_P10)).isFalse();
			assertThat(model().isApplicable(patient)).isTrue();
			Prediction p = model().predict(patient);
			assertThat(p.computed()).isFalse();
			assertThat(p.probability()).isNull();
			assertThat(p.missingInputs()).containsExactly(WAVELET_P10);
			assertThat(p.summary()).contains("not computed", WAVELET_P10, "not imputed");
		}
		assertThat(model().isApplicable(extracted("nsclc-high", LocalDate.of(2026, 6, 8)))).isFalse();
		assertThat(model().isApplicable(FeatureVector.empty())).isFalse();
	}

	@Test
	void withBothInputsItGivesAProbabilityItsBandsAndAdditiveContributions() {
		TrainedGbmModel model = model();
		double threshold = model.artifact().threshold();
		Prediction a = model.predict(inputs(6.12, -5.0));
		Prediction b = model.predict(inputs(5.21, 8.0));
		for (Prediction p : List.of(a, b)) {
			assertThat(p.computed()).isTrue();
			assertThat(p.probability()).isBetween(0.0, 1.0);
			assertThat(p.risk()).isEqualTo(p.probability() >= threshold ? RiskLevel.HIGH : RiskLevel.LOW);
			assertThat(p.category()).isEqualTo(p.probability() >= threshold ? "TMB-high predicted" : "TMB-high not predicted");
			assertThat(p.summary()).contains("synthetic data", "not clinically validated");
			assertThat(p.factors()).extracting(Contribution::input).containsExactly(ZONE_ENTROPY, WAVELET_P10);
			assertThat(p.inputsUsed()).containsExactly(ZONE_ENTROPY, WAVELET_P10);
		}
		// TreeSHAP is additive on the log-odds scale: the change in logit between two patients is the change in the
		// sum of their contributions (the baseline cancels).
		double logitChange = logit(a.probability()) - logit(b.probability());
		double shapChange = a.factors().stream().mapToDouble(Contribution::points).sum()
				- b.factors().stream().mapToDouble(Contribution::points).sum();
		assertThat(Math.abs(logitChange)).as("the two patients differ").isGreaterThan(0.5);
		assertThat(shapChange).isCloseTo(logitChange, within(1e-6 * Math.max(1, Math.abs(logitChange))));
	}

	@Test
	void aBinaryThatIsNotTheManifestsOrNotASmileModelIsRefused() throws Exception {
		GbmArtifact manifest;
		byte[] binary;
		try (InputStream json = getClass().getClassLoader().getResourceAsStream(TrainedModels.LOCATION + ID + ".json");
				InputStream ser = getClass().getClassLoader().getResourceAsStream(TrainedModels.LOCATION + ID + ".ser")) {
			manifest = new ObjectMapper().readValue(json, GbmArtifact.class);
			binary = ser.readAllBytes();
		}
		byte[] tampered = binary.clone();
		tampered[tampered.length - 1] ^= 1;
		assertThatThrownBy(() -> new TrainedGbmModel(manifest, tampered)).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("SHA-256");
		// A foreign class with a matching hash is stopped by the deserialisation filter before it is built.
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(new java.io.File("/etc/passwd"));
		}
		byte[] foreign = bytes.toByteArray();
		GbmArtifact pointingAtIt = new GbmArtifact(manifest.kind(), manifest.id(), manifest.version(), manifest.title(),
				manifest.outcome(), manifest.intendedUse(), manifest.citation(), manifest.evidenceLevel(), true, manifest.inputs(),
				new GbmArtifact.Binary("x.ser", "x", TrainedGbmModel.sha256(foreign), 1, 0.1), manifest.threshold(),
				manifest.riskBands(), manifest.provenance(), manifest.metrics());
		assertThatThrownBy(() -> new TrainedGbmModel(pointingAtIt, foreign)).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("cannot read");
		assertThat(new TrainedGbmModel(manifest, binary).description().id()).isEqualTo(ID);
	}

	private static double logit(double p) {
		return Math.log(p / (1 - p));
	}
}
