package org.immunorisk.assessment;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.DateTimeType;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.immunorisk.features.FeatureExtractor;
import org.immunorisk.features.FhirDates;
import org.immunorisk.features.PatientRecord;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.StringType;
import org.immunorisk.features.PatientRecordReader;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * {@code $risk-assess}: runs the risk models on patients' stored data and writes one RiskAssessment per
 * patient and model. {@code POST Patient/{id}/$risk-assess} for one patient, {@code POST Patient/$risk-assess}
 * with {@code patient} parameters or {@code POST Group/{id}/$risk-assess} for many. Optional {@code model}
 * parameters choose models (default: every model with data in its domain); optional {@code date} is the
 * assessment date (default today) that look-back windows count from.
 */
public final class RiskAssessOperation {

	/** Largest number of patients one call assesses (a Group or patient list); more is a 400. */
	static final int MAX_PATIENTS_PER_CALL = 200;

	private final AssessmentService assessments;
	private final PatientRecordReader records;
	private final RiskAssessmentWriter writer;
	private final DaoRegistry daoRegistry;

	public RiskAssessOperation(AssessmentService assessments, PatientRecordReader records, RiskAssessmentWriter writer,
			DaoRegistry daoRegistry) {
		this.assessments = assessments;
		this.records = records;
		this.writer = writer;
		this.daoRegistry = daoRegistry;
	}

	/** Operation on one patient. */
	public IBaseResource patientInstance(IdType patientId, List<StringType> models, DateType date, RequestDetails request) {
		return respond(List.of(patientId.getIdPart()), models, date, request);
	}

	/** Operation on a list of patients. */
	public IBaseResource patientType(List<Reference> patients, List<StringType> models, DateType date, RequestDetails request) {
		if (patients == null || patients.isEmpty()) {
			throw new InvalidRequestException("Give the patients to assess as 'patient' parameters (Patient/{id}), "
					+ "or use Patient/{id}/$risk-assess or Group/{id}/$risk-assess");
		}
		List<String> ids = new ArrayList<>();
		for (Reference patient : patients) {
			if (patient == null || patient.getReference() == null) {
				throw new InvalidRequestException("'patient' must reference a Patient as Patient/{id}");
			}
			IdType id = new IdType(patient.getReference());
			if (!"Patient".equals(id.getResourceType()) || !id.hasIdPart() || id.hasBaseUrl()) {
				throw new InvalidRequestException("'patient' must reference a Patient as Patient/{id}: " + patient.getReference());
			}
			ids.add(id.getIdPart());
		}
		return respond(ids, models, date, request);
	}

	/** Operation on a Group of patients. */
	public IBaseResource groupInstance(IdType groupId, List<StringType> models, DateType date, RequestDetails request) {
		Group group = (Group) daoRegistry.getResourceDao("Group").read(groupId, request);
		List<String> ids = new ArrayList<>();
		OperationOutcome notes = new OperationOutcome();
		for (Group.GroupMemberComponent member : group.getMember()) {
			IdType id = new IdType(member.getEntity().getReference());
			if ("Patient".equals(id.getResourceType()) && !id.hasBaseUrl() && !member.getInactive()) {
				ids.add(id.getIdPart());
			} else if (!member.getInactive()) {
				note(notes, OperationOutcome.IssueSeverity.WARNING, "Group member " + member.getEntity().getReference()
						+ " is not a local Patient: skipped.");
			}
		}
		return respond(ids, models, date, request, notes);
	}

	private IBaseResource respond(List<String> patientIds, List<StringType> models, DateType date, RequestDetails request) {
		return respond(patientIds, models, date, request, new OperationOutcome());
	}

	private IBaseResource respond(List<String> patientIds, List<StringType> models, DateType date, RequestDetails request,
			OperationOutcome notes) {
		if (patientIds.size() > MAX_PATIENTS_PER_CALL) {
			throw new InvalidRequestException("At most " + MAX_PATIENTS_PER_CALL + " patients per call; got "
					+ patientIds.size() + ". Split the list (or the Group) into several calls.");
		}
		List<String> modelIds = models == null ? List.of()
				: models.stream().map(StringType::getValue).filter(v -> v != null && !v.isBlank()).toList();
		List<String> scope = modelIds.isEmpty() ? assessments.modelIds() : modelIds;
		assessments.resolve(modelIds); // 400 for an unknown model before any work
		LocalDate today = FeatureExtractor.today();
		LocalDate asOf = date == null ? today : FhirDates.localDate(date)
				.orElseThrow(() -> new InvalidRequestException("'date' must be a date (YYYY-MM-DD)"));
		if (asOf.isAfter(today.plusDays(1))) {
			throw new InvalidRequestException("'date' " + asOf + " is in the future: an assessment uses data up to its date");
		}
		// 'date' given: the assessment is as of that day (reruns on the same data and day change nothing);
		// not given: as of now, to the millisecond, so every run is kept in the history.
		DateTimeType occurrence = date == null ? new DateTimeType(new Date(), TemporalPrecisionEnum.MILLI)
				: new DateTimeType(asOf.toString());

		// Read every patient before writing anything: an unknown patient (404) or a date before a birth (400)
		// must not leave the others half-assessed.
		List<PatientRecord> patients = new ArrayList<>();
		for (String patientId : patientIds) {
			PatientRecord record = records.read(patientId, request);
			FhirDates.localDate(record.patient().getBirthDateElement()).filter(asOf::isBefore).ifPresent(born -> {
				throw new InvalidRequestException("'date' " + asOf + " is before the birth of Patient/" + patientId + " (" + born + ")");
			});
			patients.add(record);
		}

		Bundle written = new Bundle().setType(Bundle.BundleType.COLLECTION);
		for (PatientRecord record : patients) {
			String patient = record.patientReference();
			Assessment assessment = assessments.assess(record, modelIds, asOf);
			List<String> computed = new ArrayList<>();
			for (ModelResult result : assessment.computed()) {
				RiskAssessment stored = writer.store(writer.toRiskAssessment(assessment, result, occurrence), request);
				written.addEntry().setFullUrl(stored.getIdElement().toUnqualifiedVersionless().getValue()).setResource(stored);
				computed.add(result.model().id());
			}
			for (ModelResult result : assessment.notComputed()) {
				note(notes, OperationOutcome.IssueSeverity.WARNING, patient + ": " + result.model().id()
						+ " not computed, nothing stored: " + result.prediction().summary()
						+ " Missing inputs: " + String.join(", ", result.prediction().missingInputs()) + ".");
			}
			// A model that no longer computes must not leave its earlier answer looking current.
			for (String model : scope) {
				if (!computed.contains(model) && writer.withdraw(patient, model, request)) {
					note(notes, OperationOutcome.IssueSeverity.INFORMATION, patient + ": the earlier " + model
							+ " RiskAssessment was removed from the current results (its history is kept): the model "
							+ "does not compute on " + asOf + ".");
				}
			}
			if (assessment.results().isEmpty()) {
				note(notes, OperationOutcome.IssueSeverity.INFORMATION, patient
						+ ": no model applies on " + asOf + ": the record holds none of the inputs any model reads within "
						+ "their look-back windows (data dated after the assessment date is not used), so nothing was stored.");
			}
		}
		if (patients.isEmpty()) {
			note(notes, OperationOutcome.IssueSeverity.INFORMATION, "No patients to assess.");
		}
		if (written.getEntry().isEmpty()) {
			return notes; // 200 with nothing stored and the reasons
		}
		if (!notes.getIssue().isEmpty()) {
			written.addEntry().setResource(notes);
		}
		written.setTotal(written.getEntry().size());
		return written;
	}

	private static void note(OperationOutcome outcome, OperationOutcome.IssueSeverity severity, String text) {
		outcome.addIssue().setSeverity(severity).setCode(OperationOutcome.IssueType.INFORMATIONAL).setDiagnostics(text);
	}

	/**
	 * HAPI binds the parameters it knows and ignores the rest, and accepts any resource as the body: check that
	 * the body is a Parameters resource with only known names and at most one date, so a mistyped request is a
	 * 400 rather than an assessment with silently dropped instructions.
	 */
	static void checkParameters(RequestDetails request, Set<String> allowed) {
		IBaseResource body = request.getResource();
		if (body != null && !(body instanceof Parameters)) {
			throw new InvalidRequestException("$risk-assess takes a Parameters resource as its body, not " + body.fhirType());
		}
		if (body instanceof Parameters parameters) {
			long dates = 0;
			for (Parameters.ParametersParameterComponent parameter : parameters.getParameter()) {
				if (!allowed.contains(parameter.getName())) {
					throw new InvalidRequestException("Unknown $risk-assess parameter '" + parameter.getName()
							+ "'; allowed: " + String.join(", ", allowed));
				}
				dates += "date".equals(parameter.getName()) ? 1 : 0;
			}
			if (dates > 1) {
				throw new InvalidRequestException("$risk-assess takes at most one 'date'");
			}
		}
		for (String name : request.getParameters().keySet()) {
			if (!allowed.contains(name) && !name.startsWith("_")) {
				throw new InvalidRequestException("Unknown $risk-assess parameter '" + name + "'; allowed: " + String.join(", ", allowed));
			}
		}
	}

	/** HAPI provider for Patient. */
	public static final class PatientProvider {
		private final RiskAssessOperation operation;

		public PatientProvider(RiskAssessOperation operation) {
			this.operation = operation;
		}

		@Operation(name = "$risk-assess", type = Patient.class, idempotent = false)
		public IBaseResource onPatient(@IdParam IdType id,
				@OperationParam(name = "model", max = OperationParam.MAX_UNLIMITED) List<StringType> models,
				@OperationParam(name = "date", max = 1) DateType date,
				RequestDetails request) {
			checkParameters(request, Set.of("model", "date"));
			return operation.patientInstance(id, models, date, request);
		}

		@Operation(name = "$risk-assess", type = Patient.class, idempotent = false)
		public IBaseResource onPatients(
				@OperationParam(name = "patient", max = OperationParam.MAX_UNLIMITED) List<Reference> patients,
				@OperationParam(name = "model", max = OperationParam.MAX_UNLIMITED) List<StringType> models,
				@OperationParam(name = "date", max = 1) DateType date,
				RequestDetails request) {
			checkParameters(request, Set.of("patient", "model", "date"));
			return operation.patientType(patients, models, date, request);
		}
	}

	/** HAPI provider for Group. */
	public static final class GroupProvider {
		private final RiskAssessOperation operation;

		public GroupProvider(RiskAssessOperation operation) {
			this.operation = operation;
		}

		@Operation(name = "$risk-assess", type = Group.class, idempotent = false)
		public IBaseResource onGroup(@IdParam IdType id,
				@OperationParam(name = "model", max = OperationParam.MAX_UNLIMITED) List<StringType> models,
				@OperationParam(name = "date", max = 1) DateType date,
				RequestDetails request) {
			checkParameters(request, Set.of("model", "date"));
			return operation.groupInstance(id, models, date, request);
		}
	}
}
