package org.immunorisk.cds;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import org.immunorisk.modelcards.ModelCardLinks;
import org.immunorisk.assessment.Assessment;
import org.immunorisk.assessment.AssessmentService;
import org.immunorisk.features.FeatureExtractor;
import org.immunorisk.features.PatientRecord;
import org.immunorisk.features.PatientRecordReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CDS Hooks 2.0 endpoints: discovery ({@code GET /cds-services}), service calls ({@code POST /cds-services/{id}})
 * and feedback ({@code POST /cds-services/{id}/feedback}). Every call but discovery carries the CDS client's JWT,
 * verified by {@link CdsJwtVerifier} unless the named development setting turns that off. Errors are JSON
 * ({@code {"error": code, "message": text}}, never a stack trace); a failed JWT is a bare 401. Cards come from the
 * same {@link AssessmentService} as {@code $risk-assess}. CORS and the body size limit are servlet filters
 * ({@link CdsCorsFilter}, RequestBodyLimitFilter) in front of this controller.
 */
@RestController
public class CdsHooksController {

	private static final Logger log = LoggerFactory.getLogger(CdsHooksController.class);

	private final CdsServiceCatalog catalog;
	private final AssessmentService assessments;
	private final PatientRecordReader localStore;
	private final CdsJwtVerifier verifier;
	private final FhirContext fhirContext;
	private final boolean localFallback;
	private final String publicBaseUrl;
	private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
	private final FeedbackStore feedback;
	private final CardSuggestions suggestions;
	private final ModelCardLinks links;

	/** @param verifier null only in the named insecure development mode */
	public CdsHooksController(CdsServiceCatalog catalog, AssessmentService assessments, PatientRecordReader localStore,
			CdsJwtVerifier verifier, FhirContext fhirContext, boolean localFallback, String publicBaseUrl,
			FeedbackStore feedback, CardSuggestions suggestions, ModelCardLinks links) {
		this.feedback = feedback;
		this.suggestions = suggestions;
		this.links = links;
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

	/**
	 * Discovery needs no JWT, and a token sent with it is ignored: the document lists only what any client may
	 * learn (service ids, hooks, descriptions and prefetch templates) and no patient data (checklist Q3).
	 */
	@GetMapping(path = "/cds-services")
	public ResponseEntity<?> discovery() {
		List<Map<String, Object>> services = new ArrayList<>();
		for (CdsServiceDescriptor service : catalog.all()) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("hook", service.hook());
			if (service.title() != null && !service.title().isBlank()) { // no empty values in CDS Hooks JSON
				entry.put("title", service.title());
			}
			entry.put("description", service.description());
			entry.put("id", service.id());
			if (!service.prefetch().isEmpty()) {
				entry.put("prefetch", service.prefetch());
			}
			services.add(entry);
		}
		return json(HttpStatus.OK, Map.of("services", services));
	}

	@PostMapping(path = "/cds-services/{id}")
	public ResponseEntity<?> call(@PathVariable("id") String id,
			@RequestHeader(value = "Authorization", required = false) String authorization, HttpServletRequest request) {
		CdsServiceDescriptor service = service(id);
		TrustedIssuer issuer = authenticate(authorization, request);
		HookRequest call = CdsRequestValidator.validate(service, body(request));
		List<String> triggeredBy = List.of();
		List<CdsServiceDescriptor.Trigger> ordered = List.of();
		if (!service.hook().equals("patient-view")) {
			ordered = DraftOrders.triggers(service, call.context(), call.patientId(), fhirContext);
			triggeredBy = ordered.stream().map(DraftOrders::display).toList();
			if (ordered.isEmpty()) {
				return json(HttpStatus.OK, Map.of("cards", List.of())); // no order this service is about
			}
		}
		PrefetchRecord.Resolved resolved = PrefetchRecord.resolve(call, fhirAccess(call, issuer), fhirContext);
		Optional<PatientRecord> record = resolved.record();
		if (record.isEmpty() && localFallback) {
			try {
				record = Optional.of(localStore.read(call.patientId(), new SystemRequestDetails()));
			} catch (BaseServerResponseException e) {
				log.debug("CDS local fallback: Patient/{} not readable here ({})", call.patientId(), e.getClass().getSimpleName());
			}
		}
		if (record.isEmpty()) {
			throw CdsRequestException.preconditionFailed("Patient/" + call.patientId() + " is needed and not available: "
					+ resolved.whyNoPatient());
		}
		if (!service.pendingResults().isEmpty()) { // a test order: what its result would add
			return json(HttpStatus.OK, Map.of("cards", PendingResultCards.cards(service, ordered, record.get(), assessments,
					FeatureExtractor.today(), links)));
		}
		Assessment assessment = assessments.assess(record.get(), service.models(), FeatureExtractor.today());
		return json(HttpStatus.OK, Map.of("cards", CardFactory.cards(service, assessment, triggeredBy, suggestions, links)));
	}

	/**
	 * CDS Hooks 2.0 feedback: {@code {"feedback": [{card, outcome, outcomeTimestamp, overrideReason?,
	 * acceptedSuggestions?}]}}, checked whole, then stored durably (a resent item is not stored twice); 200 with an
	 * empty object. A card uuid the service does not know is stored too: the client cannot act on an error here.
	 */
	@PostMapping(path = "/cds-services/{id}/feedback")
	public ResponseEntity<?> feedback(@PathVariable("id") String id,
			@RequestHeader(value = "Authorization", required = false) String authorization, HttpServletRequest request) {
		service(id);
		authenticate(authorization, request);
		feedback.saveAll(FeedbackRequest.parse(id, body(request)));
		return json(HttpStatus.OK, Map.of());
	}

	/** Accepted and overridden counts and rates of a service's cards (monitoring a model in use). */
	@GetMapping(path = "/cds-services/{id}/feedback/summary")
	public ResponseEntity<?> feedbackSummary(@PathVariable("id") String id,
			@RequestHeader(value = "Authorization", required = false) String authorization, HttpServletRequest request) {
		service(id);
		authenticate(authorization, request);
		return json(HttpStatus.OK, feedback.summary(id));
	}

	/** Any other method on a CDS Hooks path: 405 with the methods it has (404 for an unknown service). */
	@RequestMapping(path = {"/cds-services", "/cds-services/{id}", "/cds-services/{id}/feedback",
			"/cds-services/{id}/feedback/summary"})
	public ResponseEntity<?> methodNotAllowed(@PathVariable(name = "id", required = false) String id,
			HttpServletRequest request) {
		if (id != null) {
			service(id);
		}
		String path = request.getRequestURI();
		String allowed = id == null || path.endsWith("/summary") ? "GET" : "POST";
		return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).header(HttpHeaders.ALLOW, allowed)
				.contentType(MediaType.APPLICATION_JSON).body(Map.of("error", "method-not-allowed",
						"message", request.getMethod() + " is not allowed here; use " + allowed));
	}

	/** Paths below /cds-services that are no CDS Hooks endpoint. */
	@RequestMapping(path = "/cds-services/**")
	public ResponseEntity<?> notFound() {
		throw new CdsRequestException(404, "not-found", "No such CDS Hooks endpoint; see GET /cds-services");
	}

	@ExceptionHandler(CdsRequestException.class)
	ResponseEntity<?> refused(CdsRequestException e) {
		return error(HttpStatus.valueOf(e.status()), e.code(), e.getMessage());
	}

	/** A JWT that does not verify: a bare 401, the same for every reason, so a probe learns nothing. */
	@ExceptionHandler(CdsUnauthorizedException.class)
	ResponseEntity<?> unauthorized(CdsUnauthorizedException e) {
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
	}

	/** Our own fault: logged here, answered as JSON without internals. */
	@ExceptionHandler(RuntimeException.class)
	ResponseEntity<?> failed(RuntimeException e, HttpServletRequest request) {
		log.error("CDS Hooks call to {} failed", request.getRequestURI(), e);
		return error(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "The CDS service failed; the server log has the details");
	}

	private CdsServiceDescriptor service(String id) {
		return catalog.find(id).orElseThrow(() -> new CdsRequestException(404, "unknown-service",
				"No CDS service '" + printable(id) + "'; see GET /cds-services"));
	}

	/** The trusted issuer of the call's JWT (null in insecure development mode), or a bare 401. */
	private TrustedIssuer authenticate(String authorization, HttpServletRequest request) {
		if (verifier == null) {
			return null;
		}
		try {
			return verifier.issuer(verifier.verify(authorization, audience(request)));
		} catch (CdsUnauthorizedException e) {
			log.info("CDS call to {} refused: {}", request.getRequestURI(), printable(e.getMessage())); // never the token
			throw e;
		}
	}

	/** The request body as JSON: 415 unless it is declared application/json, 400 unless it parses. */
	private JsonNode body(HttpServletRequest request) {
		MediaType type;
		try {
			type = request.getContentType() == null ? null : MediaType.parseMediaType(request.getContentType());
		} catch (InvalidMediaTypeException e) {
			type = null;
		}
		if (type == null || !type.equalsTypeAndSubtype(MediaType.APPLICATION_JSON)) {
			throw new CdsRequestException(415, "unsupported-media-type", "Send the request as Content-Type: application/json");
		}
		try {
			byte[] bytes = request.getInputStream().readAllBytes(); // bounded by RequestBodyLimitFilter
			JsonNode body = json.readTree(bytes);
			if (body == null || body.isMissingNode()) {
				throw CdsRequestException.badRequest("The request body is empty");
			}
			return body;
		} catch (JsonProcessingException e) {
			throw new CdsRequestException(400, "malformed-json", "The request body is not JSON");
		} catch (IOException e) {
			throw CdsRequestException.badRequest("The request body could not be read");
		}
	}

	/**
	 * Where missing prefetch may be fetched: only with both fhirServer and a token (never without the client's
	 * authorization), and only from a server the issuer's allow-list admits.
	 */
	private static Optional<PrefetchRecord.FhirAccess> fhirAccess(HookRequest call, TrustedIssuer issuer) {
		if (call.fhirServer() == null || call.accessToken() == null || issuer == null) {
			return Optional.empty();
		}
		if (!issuer.mayFetchFrom(call.fhirServer())) {
			log.debug("CDS call names a fhirServer that is not allow-listed for {}: not fetched", issuer.iss());
			return Optional.empty();
		}
		return Optional.of(new PrefetchRecord.FhirAccess(call.fhirServer(), call.accessToken(), issuer));
	}

	/** The URL called, which the JWT's aud must equal (the external base when one is configured). */
	private String audience(HttpServletRequest request) {
		if (publicBaseUrl != null && !publicBaseUrl.isBlank()) {
			return publicBaseUrl.replaceAll("/+$", "") + request.getRequestURI();
		}
		return request.getRequestURL().toString();
	}

	/** Client-supplied text in a log line or message: no control characters (no forged log lines), bounded. */
	private static String printable(String text) {
		if (text == null) {
			return "";
		}
		String clean = text.replaceAll("\\p{Cntrl}", "?");
		return clean.length() > 200 ? clean.substring(0, 200) + "…" : clean;
	}

	private static ResponseEntity<?> json(HttpStatus status, Object body) {
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
	}

	private static ResponseEntity<?> error(HttpStatus status, String code, String message) {
		return json(status, Map.of("error", code, "message", message));
	}
}
