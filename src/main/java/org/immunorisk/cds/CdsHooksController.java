package org.immunorisk.cds;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import org.immunorisk.assessment.Assessment;
import org.immunorisk.assessment.AssessmentService;
import org.immunorisk.features.FeatureExtractor;
import org.immunorisk.features.PatientRecord;
import org.immunorisk.features.PatientRecordReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CDS Hooks 2.0 endpoints: discovery ({@code GET /cds-services}) and service calls
 * ({@code POST /cds-services/{id}}). Every service call carries the CDS client's JWT, verified by
 * {@link CdsJwtVerifier} unless the named development setting turns that off. Errors are JSON
 * ({@code {"error": code, "message": text}}); a failed JWT is a bare 401. Cards come from the same
 * {@link AssessmentService} as {@code $risk-assess}.
 */
@RestController
@CrossOrigin(origins = "*", allowedHeaders = {"Authorization", "Content-Type"}, methods = {
		org.springframework.web.bind.annotation.RequestMethod.GET, org.springframework.web.bind.annotation.RequestMethod.POST,
		org.springframework.web.bind.annotation.RequestMethod.OPTIONS})
public class CdsHooksController {

	private static final Logger log = LoggerFactory.getLogger(CdsHooksController.class);
	private static final String ISSUER_ATTRIBUTE = CdsHooksController.class.getName() + ".issuer";

	private final CdsServiceCatalog catalog;
	private final AssessmentService assessments;
	private final PatientRecordReader localStore;
	private final CdsJwtVerifier verifier;
	private final FhirContext fhirContext;
	private final boolean localFallback;
	private final String publicBaseUrl;
	private final ObjectMapper json = new ObjectMapper();
	private final FeedbackStore feedback;
	private final CardSuggestions suggestions;

	/** @param verifier null only in the named insecure development mode */
	public CdsHooksController(CdsServiceCatalog catalog, AssessmentService assessments, PatientRecordReader localStore,
			CdsJwtVerifier verifier, FhirContext fhirContext, boolean localFallback, String publicBaseUrl,
			FeedbackStore feedback, CardSuggestions suggestions) {
		this.feedback = feedback;
		this.suggestions = suggestions;
		this.catalog = catalog;
		this.assessments = assessments;
		this.localStore = localStore;
		this.verifier = verifier;
		this.fhirContext = fhirContext;
		this.localFallback = localFallback;
		this.publicBaseUrl = publicBaseUrl;
		for (CdsServiceDescriptor service : catalog.all()) { // fail at start, not on a call, if a service names an unknown model
			assessments.resolve(service.models());
			service.pendingResults().forEach(p -> assessments.resolve(p.models()));
		}
	}

	@GetMapping(path = "/cds-services", produces = MediaType.APPLICATION_JSON_VALUE)
	public Map<String, Object> discovery() {
		List<Map<String, Object>> services = new ArrayList<>();
		for (CdsServiceDescriptor service : catalog.all()) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("hook", service.hook());
			entry.put("title", service.title());
			entry.put("description", service.description());
			entry.put("id", service.id());
			if (!service.prefetch().isEmpty()) {
				entry.put("prefetch", service.prefetch());
			}
			services.add(entry);
		}
		return Map.of("services", services);
	}

	@PostMapping(path = "/cds-services/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<?> call(@PathVariable("id") String id, @RequestBody(required = false) String body,
			@RequestHeader(value = "Authorization", required = false) String authorization, HttpServletRequest request) {
		Optional<ResponseEntity<?>> refused = admit(id, authorization, request);
		if (refused.isPresent()) {
			return refused.get();
		}
		CdsServiceDescriptor service = catalog.find(id).orElseThrow();
		JsonNode call;
		try {
			call = body == null ? null : json.readTree(body);
		} catch (JsonProcessingException e) {
			return error(HttpStatus.BAD_REQUEST, "malformed-json", "The request body is not JSON");
		}
		if (call == null || !call.isObject()) {
			return error(HttpStatus.BAD_REQUEST, "bad-request", "The request body must be a JSON object");
		}
		for (String field : List.of("hook", "hookInstance", "context")) {
			if (!call.hasNonNull(field) || (call.get(field).isTextual() && call.get(field).asText().isBlank())) {
				return error(HttpStatus.BAD_REQUEST, "bad-request", "Missing required field '" + field + "'");
			}
		}
		if (!service.hook().equals(call.get("hook").asText())) {
			return error(HttpStatus.BAD_REQUEST, "wrong-hook", "Service " + id + " answers '" + service.hook()
					+ "', not '" + call.get("hook").asText() + "'");
		}
		JsonNode patientId = call.get("context").get("patientId");
		if (patientId == null || !patientId.isTextual() || patientId.asText().isBlank()) {
			return error(HttpStatus.BAD_REQUEST, "bad-request", "context.patientId is required for " + service.hook());
		}
		List<String> triggeredBy = List.of();
		List<CdsServiceDescriptor.Trigger> ordered = List.of();
		if (!service.hook().equals("patient-view")) {
			try {
				triggeredBy = DraftOrders.triggering(service, call.get("context"), fhirContext);
				ordered = DraftOrders.triggers(service, call.get("context"), fhirContext);
			} catch (RuntimeException e) {
				return error(HttpStatus.BAD_REQUEST, "bad-request", "context.draftOrders must be a FHIR Bundle of orders");
			}
			if (triggeredBy.isEmpty()) {
				return ResponseEntity.ok(Map.of("cards", List.of())); // no order this service is about
			}
		}
		Optional<PatientRecord> record;
		try {
			record = PrefetchRecord.from(call.get("prefetch"), patientId.asText(), fhirContext);
			TrustedIssuer issuer = (TrustedIssuer) request.getAttribute(ISSUER_ATTRIBUTE);
			String fhirServer = call.path("fhirServer").asText(null);
			if (record.isEmpty() && fhirServer != null && issuer != null && issuer.mayFetchFrom(fhirServer)) {
				record = Optional.of(FhirServerFetch.read(fhirServer,
						call.path("fhirAuthorization").path("access_token").asText(null), patientId.asText()));
			}
			if (record.isEmpty() && localFallback) {
				record = Optional.of(localStore.read(patientId.asText(), new SystemRequestDetails()));
			}
		} catch (BaseServerResponseException e) { // includes FhirClientConnectionException (timeouts, refused)
			return error(HttpStatus.PRECONDITION_FAILED, "prefetch-unavailable", "Patient/" + patientId.asText()
					+ " could not be read (" + e.getClass().getSimpleName() + ")");
		} catch (RuntimeException e) {
			return error(HttpStatus.BAD_REQUEST, "bad-prefetch", "A prefetch value is not a FHIR resource");
		}
		if (record.isEmpty()) {
			return error(HttpStatus.PRECONDITION_FAILED, "prefetch-unavailable", "The prefetch holds no Patient/"
					+ patientId.asText() + " and fhirServer is absent or not allow-listed for this client");
		}
		if (!service.pendingResults().isEmpty()) { // a test order: what its result would add
			return ResponseEntity.ok(Map.of("cards", PendingResultCards.cards(service, ordered, record.get(), assessments,
					FeatureExtractor.today())));
		}
		Assessment assessment = assessments.assess(record.get(), service.models(), FeatureExtractor.today());
		return ResponseEntity.ok(Map.of("cards", CardFactory.cards(service, assessment, triggeredBy, suggestions)));
	}

	/**
	 * CDS Hooks 2.0 feedback: {@code {"feedback": [{card, outcome, outcomeTimestamp, overrideReason?,
	 * acceptedSuggestions?}]}}, stored durably; 200 with an empty object.
	 */
	@PostMapping(path = "/cds-services/{id}/feedback", produces = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<?> feedback(@PathVariable("id") String id, @RequestBody(required = false) String body,
			@RequestHeader(value = "Authorization", required = false) String authorization, HttpServletRequest request) {
		Optional<ResponseEntity<?>> refused = admit(id, authorization, request);
		if (refused.isPresent()) {
			return refused.get();
		}
		JsonNode items;
		try {
			JsonNode root = body == null ? null : json.readTree(body);
			items = root == null ? null : root.get("feedback");
		} catch (JsonProcessingException e) {
			return error(HttpStatus.BAD_REQUEST, "malformed-json", "The request body is not JSON");
		}
		if (items == null || !items.isArray() || items.isEmpty()) {
			return error(HttpStatus.BAD_REQUEST, "bad-request", "The body must be {\"feedback\": [ ... ]} with at least one item");
		}
		List<FeedbackStore.Feedback> parsed = new ArrayList<>();
		for (JsonNode item : items) {
			String card = item.path("card").asText("");
			String outcome = item.path("outcome").asText("");
			if (card.isBlank() || !(outcome.equals("accepted") || outcome.equals("overridden"))) {
				return error(HttpStatus.BAD_REQUEST, "bad-request", "Each feedback item needs 'card' and 'outcome' (accepted | overridden)");
			}
			java.time.Instant when;
			try {
				when = java.time.OffsetDateTime.parse(item.path("outcomeTimestamp").asText("")).toInstant();
			} catch (java.time.format.DateTimeParseException e) {
				return error(HttpStatus.BAD_REQUEST, "bad-request", "'outcomeTimestamp' must be an ISO 8601 date-time with offset");
			}
			JsonNode reason = item.path("overrideReason").path("reason");
			parsed.add(new FeedbackStore.Feedback(id, truncate(card, 200), outcome, when,
					reason.isMissingNode() ? null : truncate(reason.path("system").asText(null), 500),
					reason.isMissingNode() ? null : truncate(reason.path("code").asText(null), 200),
					truncate(item.path("overrideReason").path("userComment").asText(null), 2000),
					item.path("acceptedSuggestions").isArray() ? item.path("acceptedSuggestions").size() : 0));
		}
		feedback.saveAll(parsed);
		return ResponseEntity.ok(Map.of());
	}

	/** Accepted and overridden counts and rates of a service's cards (monitoring a model in use). */
	@GetMapping(path = "/cds-services/{id}/feedback/summary", produces = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<?> feedbackSummary(@PathVariable("id") String id,
			@RequestHeader(value = "Authorization", required = false) String authorization, HttpServletRequest request) {
		Optional<ResponseEntity<?>> refused = admit(id, authorization, request);
		return refused.isPresent() ? refused.get() : ResponseEntity.ok(feedback.summary(id));
	}

	/** Unknown service → 404; JWT that does not verify → bare 401. */
	private Optional<ResponseEntity<?>> admit(String id, String authorization, HttpServletRequest request) {
		if (catalog.find(id).isEmpty()) {
			return Optional.of(error(HttpStatus.NOT_FOUND, "unknown-service", "No CDS service '" + id + "'; see GET /cds-services"));
		}
		if (verifier != null) {
			try {
				request.setAttribute(ISSUER_ATTRIBUTE, verifier.issuer(verifier.verify(authorization, audience(request))));
			} catch (CdsUnauthorizedException e) {
				log.info("CDS call to {} refused: {}", request.getRequestURI(), e.getMessage()); // never the token
				return Optional.of(ResponseEntity.status(HttpStatus.UNAUTHORIZED).build());
			}
		}
		return Optional.empty();
	}

	private static String truncate(String text, int max) {
		return text == null || text.length() <= max ? text : text.substring(0, max);
	}

	/** The URL called, which the JWT's aud must equal (the external base when one is configured). */
	private String audience(HttpServletRequest request) {
		if (publicBaseUrl != null && !publicBaseUrl.isBlank()) {
			return publicBaseUrl.replaceAll("/+$", "") + request.getRequestURI();
		}
		return request.getRequestURL().toString();
	}

	private static ResponseEntity<Map<String, String>> error(HttpStatus status, String code, String message) {
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Map.of("error", code, "message", message));
	}
}
