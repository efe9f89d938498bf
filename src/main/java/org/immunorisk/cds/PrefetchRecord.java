package org.immunorisk.cds;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.immunorisk.features.PatientRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A patient record from a CDS Hooks call, key by key of the service's prefetch templates (CDS Hooks 2.0
 * §prefetch: the service checks the prefetch against its templates and gets what is missing itself):
 * <ul>
 * <li>a key with data is used, after checking it has the template's shape (a read gives that resource type, a
 * search a Bundle); the next pages of a paginated Bundle are followed only when the service may fetch them;</li>
 * <li>a key whose value is {@code null} means the client has no data: nothing is fetched;</li>
 * <li>a key that is absent, or holds an OperationOutcome, is fetched from {@code fhirServer} with the call's
 * token, when both are given and the issuer's allow-list admits that server; a key whose tokens have no value in
 * this call is skipped.</li>
 * </ul>
 * Only the template's resource type is taken from a key (a Condition sent under {@code observations} is not
 * what that template asks for), only resources about the patient in context, and keys the service did not ask
 * for are ignored. Data that stays missing is reported by the models as missing inputs, never guessed; only the
 * Patient itself is required.
 */
final class PrefetchRecord {

	private static final Logger log = LoggerFactory.getLogger(PrefetchRecord.class);

	private PrefetchRecord() {}

	/** Where missing prefetch may be fetched in this call: its fhirServer and token, admitted by the issuer's allow-list. */
	record FhirAccess(String fhirServer, String accessToken, TrustedIssuer issuer) {

		String base() {
			return fhirServer.replaceAll("/+$", "");
		}

		/** A URL under this call's fhirServer that the issuer's allow-list admits (page links are checked too). */
		boolean mayFetch(String url) {
			return TrustedIssuer.startsAtBoundary(url, base()) && issuer.mayFetchFrom(url);
		}
	}

	/** The record, or why there is no Patient (for the 412 message). */
	record Resolved(Optional<PatientRecord> record, String whyNoPatient) {}

	static Resolved resolve(HookRequest call, Optional<FhirAccess> access, FhirContext fhirContext) {
		Patient patient = null;
		String whyNoPatient = "the service has no Patient prefetch template";
		List<Resource> resources = new ArrayList<>();
		for (Map.Entry<String, String> key : call.service().prefetch().entrySet()) {
			Template template = new Template(key.getKey(), key.getValue());
			JsonNode value = call.prefetch() == null ? null : call.prefetch().get(template.key());
			List<IBaseResource> found;
			if (value != null && value.isNull()) {
				found = List.of(); // the client has no data for this template: nothing to fetch
				whyNoPatient = template.isPatient() ? "prefetch '" + template.key() + "' is null" : whyNoPatient;
			} else if (value != null && !isOperationOutcome(value)) {
				found = prefetched(template, value, call.patientId(), access, fhirContext);
			} else {
				Fetched fetched = fetched(template, call, access, fhirContext);
				found = fetched.resources();
				whyNoPatient = template.isPatient() ? fetched.why() : whyNoPatient;
			}
			for (IBaseResource item : found) {
				if (template.isPatient() && item instanceof Patient p) {
					patient = p;
				} else if (!template.read() && (item instanceof Observation || item instanceof Condition)
						&& about((Resource) item, call.patientId())) {
					resources.add((Resource) item);
				}
			}
		}
		return new Resolved(patient == null ? Optional.empty() : Optional.of(new PatientRecord(patient, resources)),
				whyNoPatient);
	}

	/** One prefetch template of the service. The read of the patient in context is the one required key. */
	private record Template(String key, String template) {

		String type() {
			return PrefetchTemplate.resourceType(template);
		}

		boolean read() {
			return PrefetchTemplate.isRead(template);
		}

		boolean isPatient() {
			return read() && type().equals("Patient");
		}
	}

	private static List<IBaseResource> prefetched(Template template, JsonNode value, String patientId,
			Optional<FhirAccess> access, FhirContext fhirContext) {
		if (!value.isObject()) {
			throw CdsRequestException.badRequest("prefetch '" + template.key() + "' must be a FHIR resource or null");
		}
		IBaseResource resource;
		try {
			resource = fhirContext.newJsonParser().parseResource(value.toString());
		} catch (RuntimeException e) {
			throw CdsRequestException.badRequest("prefetch '" + template.key() + "' is not a FHIR R4 resource");
		}
		if (template.read()) {
			if (!resource.fhirType().equals(template.type())) {
				throw CdsRequestException.badRequest("prefetch '" + template.key() + "' holds a " + resource.fhirType()
						+ "; its template reads a " + template.type());
			}
			if (template.isPatient() && !patientId.equals(resource.getIdElement().getIdPart())) {
				throw CdsRequestException.badRequest("prefetch '" + template.key() + "' is not Patient/" + patientId
						+ ", the patient in context");
			}
			return List.of(resource);
		}
		if (!(resource instanceof Bundle bundle)) {
			throw CdsRequestException.badRequest("prefetch '" + template.key() + "' holds a " + resource.fhirType()
					+ "; its template is a search, answered by a Bundle");
		}
		return entries(template, bundle, access, fhirContext);
	}

	private record Fetched(List<IBaseResource> resources, String why) {}

	private static Fetched fetched(Template template, HookRequest call, Optional<FhirAccess> access, FhirContext fhirContext) {
		String absent = "prefetch '" + template.key() + "' is absent";
		if (access.isEmpty()) {
			return new Fetched(List.of(), absent + " and fhirServer with fhirAuthorization is not given or not allow-listed for this client");
		}
		Optional<String> relative = PrefetchTemplate.substitute(template.template(), call.context());
		if (relative.isEmpty()) {
			return new Fetched(List.of(), absent + " and its template cannot be filled from this context");
		}
		String url = access.get().base() + "/" + relative.get();
		try {
			if (!access.get().mayFetch(url)) {
				throw new FhirServerFetch.FetchFailed("not under the allow-listed fhirServer");
			}
			IBaseResource resource = FhirServerFetch.get(url, access.get().accessToken(), fhirContext);
			if (template.read()) {
				if (!resource.fhirType().equals(template.type())
						|| (template.isPatient() && !call.patientId().equals(resource.getIdElement().getIdPart()))) {
					throw new FhirServerFetch.FetchFailed("the answer is a " + resource.fhirType() + ", not the " + template.type());
				}
				return new Fetched(List.of(resource), null);
			}
			if (!(resource instanceof Bundle bundle)) {
				throw new FhirServerFetch.FetchFailed("the answer is a " + resource.fhirType() + ", not a Bundle");
			}
			return new Fetched(entries(template, bundle, access, fhirContext), null);
		} catch (FhirServerFetch.FetchFailed e) {
			log.debug("CDS prefetch '{}' not fetched from fhirServer: {}", template.key(), e.getMessage());
			return new Fetched(List.of(), absent + " and fhirServer did not give it (" + e.getMessage() + ")");
		}
	}

	/**
	 * The entries of a search Bundle and of its next pages, as far as the service may follow them (the same
	 * allow-list as any fetch, and the call's token); past that it uses what it has.
	 */
	private static List<IBaseResource> entries(Template template, Bundle first, Optional<FhirAccess> access,
			FhirContext fhirContext) {
		List<IBaseResource> found = new ArrayList<>();
		Bundle page = first;
		for (int pages = 1; page != null; pages++) {
			for (Bundle.BundleEntryComponent entry : page.getEntry()) {
				if (entry.getResource() != null && entry.getResource().fhirType().equals(template.type())) {
					found.add(entry.getResource());
				}
			}
			String next = FhirServerFetch.nextPage(page);
			if (next == null || pages >= FhirServerFetch.MAX_PAGES || access.isEmpty() || !access.get().mayFetch(next)) {
				break;
			}
			try {
				page = FhirServerFetch.get(next, access.get().accessToken(), fhirContext) instanceof Bundle b ? b : null;
			} catch (FhirServerFetch.FetchFailed e) {
				log.debug("CDS prefetch '{}': next page not fetched: {}", template.key(), e.getMessage());
				page = null;
			}
		}
		return found;
	}

	private static boolean isOperationOutcome(JsonNode value) {
		return value.isObject() && "OperationOutcome".equals(value.path("resourceType").asText());
	}

	/** Only resources about the patient in context: a prefetch must not mix another patient's data in. */
	private static boolean about(Resource resource, String patientId) {
		String subject = resource instanceof Observation o ? o.getSubject().getReference()
				: ((Condition) resource).getSubject().getReference();
		return subject != null && (subject.equals("Patient/" + patientId) || subject.endsWith("/Patient/" + patientId));
	}
}
