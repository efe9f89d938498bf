package org.immunorisk.assessment;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import org.hl7.fhir.r4.model.IdType;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.immunorisk.modelcards.ModelCardLinks;
import org.immunorisk.models.Contribution;
import org.immunorisk.models.ModelCodes;
import org.immunorisk.models.ModelDescription;
import org.immunorisk.models.Prediction;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns a model result into an ImmunoRisk RiskAssessment and stores it. There is one current RiskAssessment
 * per patient and model (a fixed id), so running a model again updates it and the resource history keeps the
 * earlier versions; "the latest risks of patient X" is then {@code RiskAssessment?patient=X}.
 */
public final class RiskAssessmentWriter {

	public static final String PROFILE = "https://immunorisk.org/fhir/StructureDefinition/immunorisk-risk-assessment";
	public static final String MODEL_SYSTEM = ModelCodes.MODEL_SYSTEM;
	public static final String OUTCOME_SYSTEM = ModelCodes.OUTCOME_SYSTEM;
	public static final String SYNTHETIC_NOTICE = "Trained on synthetic data: a demonstration of the study's pipeline, "
			+ "not clinically validated. Do not use for patient care.";

	private final DaoRegistry daoRegistry;
	private final ModelCardLinks cards;

	/** @param daoRegistry where {@link #store} writes; null for a writer that only builds resources */
	public RiskAssessmentWriter(DaoRegistry daoRegistry, ModelCardLinks cards) {
		this.daoRegistry = daoRegistry;
		this.cards = cards;
	}

	/** The RiskAssessment a computed result becomes (not stored). */
	public RiskAssessment toRiskAssessment(Assessment assessment, ModelResult result, DateTimeType occurrence) {
		ModelDescription model = result.model();
		Prediction prediction = result.prediction();
		String patient = assessment.record().patientReference();

		RiskAssessment risk = new RiskAssessment();
		risk.setId(id(patient, model.id()));
		risk.getMeta().addProfile(PROFILE);
		risk.setStatus(RiskAssessment.RiskAssessmentStatus.FINAL);
		risk.setSubject(new Reference(patient));
		risk.setOccurrence(occurrence.copy());
		risk.setMethod(new CodeableConcept(ModelCodes.model(model))
				.setText(model.id() + " " + model.version()));

		List<String> basis = assessment.features().sources(prediction.inputsUsed());
		if (basis.isEmpty()) {
			basis = List.of(patient);
		}
		basis.forEach(reference -> risk.addBasis(new Reference(reference)));

		RiskAssessment.RiskAssessmentPredictionComponent outcome = risk.addPrediction()
				.setOutcome(new CodeableConcept(new Coding(OUTCOME_SYSTEM, model.outcome(), null)));
		if (prediction.probability() != null) {
			outcome.setProbability(new DecimalType(BigDecimal.valueOf(prediction.probability()).setScale(4, RoundingMode.HALF_UP)));
		}
		if (prediction.risk() != null) {
			outcome.setQualitativeRisk(new CodeableConcept(new Coding(
					org.immunorisk.models.RiskLevel.SYSTEM, prediction.risk().code(), prediction.risk().display())));
		}
		outcome.setRationale(rationale(prediction));

		risk.addNote().setText("Intended use: " + model.intendedUse());
		risk.addNote().setText("Evidence: " + sentence(model.evidenceLevel()) + " Source: " + model.citation());
		if (model.trainedOnSyntheticData()) {
			risk.addNote().setText(SYNTHETIC_NOTICE);
		}
		if (ModelCodes.isLocal(model.id())) {
			risk.addNote().setText(ModelCodes.LOCAL_NOTICE);
		}
		// A SMART app shows notes as text: the card's address, where the model's metrics and calibration are.
		risk.addNote().setText("Model card: " + cards.url(model.id()));
		assessment.features().assumptions().forEach((input, wording) -> {
			if (prediction.inputsUsed().contains(input) || prediction.inputsUsed().contains(input + "-multiple")) {
				risk.addNote().setText("Assumption: " + wording);
			}
		});
		if (!prediction.missingInputs().isEmpty()) {
			risk.addNote().setText("Missing inputs (not guessed): " + String.join(", ", prediction.missingInputs()));
		}
		return risk;
	}

	/**
	 * Stores (creates or updates) the RiskAssessment; returns the stored resource with its version. Two calls for
	 * the same patient at once collide on the same id (HAPI answers 409): the later one retries, so both land.
	 */
	@SuppressWarnings("unchecked")
	public RiskAssessment store(RiskAssessment risk, RequestDetails request) {
		IFhirResourceDao<RiskAssessment> dao = daoRegistry.getResourceDao(RiskAssessment.class);
		for (int attempt = 1; ; attempt++) {
			try {
				return update(dao, risk, request);
			} catch (ResourceVersionConflictException e) {
				if (attempt == 3) {
					throw e;
				}
			}
		}
	}

	/** Removes the current RiskAssessment of a patient and model, if any (its history stays); true if one was removed. */
	@SuppressWarnings("unchecked")
	public boolean withdraw(String patientReference, String modelId, RequestDetails request) {
		IFhirResourceDao<RiskAssessment> dao = daoRegistry.getResourceDao(RiskAssessment.class);
		IdType id = new IdType("RiskAssessment", id(patientReference, modelId));
		try {
			dao.read(id, request);
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return false;
		}
		dao.delete(id, request);
		return true;
	}

	private RiskAssessment update(IFhirResourceDao<RiskAssessment> dao, RiskAssessment risk, RequestDetails request) {
		var outcome = dao.update(risk, request);
		RiskAssessment stored = (RiskAssessment) outcome.getResource();
		if (stored == null) {
			risk.setId(outcome.getId());
			return risk;
		}
		return stored;
	}

	static String rationale(Prediction prediction) {
		StringBuilder text = new StringBuilder(prediction.summary() == null ? "" : prediction.summary());
		if (prediction.score() != null) {
			text.append(text.length() > 0 ? " " : "").append("Score ").append(format(prediction.score())).append('.');
		}
		if (prediction.category() != null) {
			text.append(" Category: ").append(prediction.category()).append('.');
		}
		List<String> factors = new ArrayList<>();
		for (Contribution factor : prediction.factors()) {
			factors.add(factor.input() + " = " + factor.value()
					+ (factor.points() != null ? " (" + format(factor.points()) + ")" : "")
					+ (factor.explanation() != null ? ": " + factor.explanation() : ""));
		}
		if (!factors.isEmpty()) {
			text.append(" Contributing factors: ").append(String.join("; ", factors)).append('.');
		}
		return text.toString().trim();
	}

	private static String sentence(String text) {
		return text.endsWith(".") ? text : text + ".";
	}

	public static String format(double number) {
		return number == Math.rint(number) ? String.valueOf((long) number) : BigDecimal.valueOf(number)
				.setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
	}

	/** One id per patient and model; FHIR ids are at most 64 characters, so long pairs are hashed. */
	public static String id(String patientReference, String modelId) {
		String patientId = patientReference.substring(patientReference.indexOf('/') + 1);
		String id = "ra-" + patientId + "-" + modelId;
		if (id.length() <= 64) {
			return id;
		}
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest((patientId + "|" + modelId).getBytes(StandardCharsets.UTF_8));
			return "ra-" + HexFormat.of().formatHex(hash).substring(0, 40);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

}
