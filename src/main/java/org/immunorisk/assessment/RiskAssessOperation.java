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
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.StringType;
import org.immunorisk.features.PatientRecordReader;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * {@code $risk-assess}: runs the risk models on patients' stored data and writes one RiskAssessment per
 * patient and model. {@code POST Patient/{id}/$risk-assess} for one patient, {@code POST Patient/$risk-assess}
 * with {@code patient} parameters or {@code POST Group/{id}/$risk-assess} for many. Optional {@code model}
 * parameters choose models (default: every model with data in its domain); optional {@code date} is the
 * assessment date (default today) that look-back windows count from.
 */
public final class RiskAssessOperation {

	/** Largest number of patients one call assesses (a Group or patient list); more is a 400. */
	static final int MAX_PATIENTS_PER_CALL = 1000;

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
			IdType id = new IdType(patient.getReference());
			if (!"Patient".equals(id.getResourceType()) || !id.hasIdPart()) {
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
		for (Group.GroupMemberComponent member : group.getMember()) {
			IdType id = new IdType(member.getEntity().getReference());
			if ("Patient".equals(id.getResourceType()) && !member.getInactive()) {
				ids.add(id.getIdPart());
			}
		}
		return respond(ids, models, date, request);
	}

	private IBaseResource respond(List<String> patientIds, List<StringType> models, DateType date, RequestDetails request) {
		if (patientIds.size() > MAX_PATIENTS_PER_CALL) {
			throw new InvalidRequestException("At most " + MAX_PATIENTS_PER_CALL + " patients per call; got " + patientIds.size());
		}
		List<String> modelIds = models == null ? List.of()
				: models.stream().map(StringType::getValue).filter(v -> v != null && !v.isBlank()).toList();
		assessments.resolve(modelIds); // 400 for an unknown model before any work
		LocalDate asOf = date == null || date.getValue() == null ? org.immunorisk.features.FeatureExtractor.today()
				: date.getValue().toInstant().atZone(ZoneOffset.UTC).toLocalDate();
		Date occurrence = new Date();

		Bundle written = new Bundle().setType(Bundle.BundleType.COLLECTION);
		OperationOutcome notes = new OperationOutcome();
		for (String patientId : patientIds) {
			Assessment assessment = assessments.assess(records.read(patientId, request), modelIds, asOf);
			for (ModelResult result : assessment.computed()) {
				RiskAssessment stored = writer.store(writer.toRiskAssessment(assessment, result, occurrence), request);
				written.addEntry().setFullUrl(stored.getIdElement().toUnqualifiedVersionless().getValue()).setResource(stored);
			}
			for (ModelResult result : assessment.notComputed()) {
				note(notes, OperationOutcome.IssueSeverity.WARNING, "Patient/" + patientId + ": " + result.model().id()
						+ " not computed, nothing stored: " + result.prediction().summary()
						+ " Missing inputs: " + String.join(", ", result.prediction().missingInputs()) + ".");
			}
			if (assessment.results().isEmpty()) {
				note(notes, OperationOutcome.IssueSeverity.INFORMATION, "Patient/" + patientId
						+ ": no model applies on " + asOf + ": the record holds none of the inputs any model reads within "
						+ "their look-back windows (data dated after the assessment date is not used), so nothing was stored.");
			}
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
			return operation.patientInstance(id, models, date, request);
		}

		@Operation(name = "$risk-assess", type = Patient.class, idempotent = false)
		public IBaseResource onPatients(
				@OperationParam(name = "patient", max = OperationParam.MAX_UNLIMITED) List<Reference> patients,
				@OperationParam(name = "model", max = OperationParam.MAX_UNLIMITED) List<StringType> models,
				@OperationParam(name = "date", max = 1) DateType date,
				RequestDetails request) {
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
			return operation.groupInstance(id, models, date, request);
		}
	}
}
