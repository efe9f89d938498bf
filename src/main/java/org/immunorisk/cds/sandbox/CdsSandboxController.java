package org.immunorisk.cds.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import org.immunorisk.cds.CdsServiceCatalog;
import org.immunorisk.cds.CdsServiceDescriptor;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The CDS Hooks sandbox (development only): the page at {@code /cds-sandbox/} (shipped in the plug-in jar, so a
 * host HAPI server that turns the setting on gets it too), the order codes it offers, its settings, and
 * {@code POST /cds-sandbox/token}, which signs a CDS client JWT for a call to one of this server's own CDS
 * services. When {@code immunorisk.cds.sandbox.enabled} is off, everything here answers 404, page included.
 * Errors are JSON {@code {"error": code, "message": text}} like the CDS service's; tokens are never logged.
 */
@RestController
public class CdsSandboxController {

	/** The user the sandbox acts for (context.userId). */
	static final String USER_ID = "Practitioner/sandbox";
	static final int MAX_TOKEN_REQUEST_BYTES = 8 * 1024;
	private static final String PAGE_FOLDER = "immunorisk/cds-sandbox/";
	private static final Map<String, MediaType> PAGE_FILES = Map.of(
			"index.html", MediaType.TEXT_HTML,
			"sandbox.js", MediaType.parseMediaType("text/javascript"),
			"sandbox.css", MediaType.parseMediaType("text/css"));
	/**
	 * The page renders markdown from the service; even so it may only run its own script, style and fetch from
	 * this server (a rendering bug then cannot load or send anything elsewhere).
	 */
	private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
	/** A service id, optionally its feedback paths: nothing else under /cds-services gets a token. */
	private static final Pattern SERVICE_PATH = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}(/feedback(/summary)?)?");

	private final CdsSandboxClient client;
	private final CdsServiceCatalog catalog;
	private final boolean insecureDevMode;
	private final ObjectMapper json = new ObjectMapper();

	/** @param insecureDevMode whether the CDS service checks no JWT (the page then says so) */
	public CdsSandboxController(CdsSandboxClient client, CdsServiceCatalog catalog, boolean insecureDevMode) {
		this.client = client;
		this.catalog = catalog;
		this.insecureDevMode = insecureDevMode;
	}

	@GetMapping(CdsSandboxClient.PATH)
	public ResponseEntity<?> folder(HttpServletRequest request) {
		if (!client.enabled()) {
			return off();
		}
		return ResponseEntity.status(HttpStatus.FOUND)
				.header(HttpHeaders.LOCATION, request.getContextPath() + CdsSandboxClient.PATH + "/").build();
	}

	@GetMapping(CdsSandboxClient.PATH + "/")
	public ResponseEntity<?> index() {
		return page("index.html");
	}

	@GetMapping(CdsSandboxClient.PATH + "/{file}")
	public ResponseEntity<?> page(@PathVariable("file") String file) {
		MediaType type = PAGE_FILES.get(file);
		if (!client.enabled() || type == null) {
			return off();
		}
		Resource resource = new ClassPathResource(PAGE_FOLDER + file);
		return ResponseEntity.ok()
				.contentType(type)
				.cacheControl(CacheControl.noCache())
				.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
				.header("X-Content-Type-Options", "nosniff")
				.header("Referrer-Policy", "no-referrer")
				.body(resource);
	}

	/** What the page needs to know about this server. */
	@GetMapping(path = CdsSandboxClient.PATH + "/settings", produces = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<?> settings(HttpServletRequest request) {
		if (!client.enabled()) {
			return off();
		}
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("iss", client.iss());
		settings.put("fhirServer", client.fhirServer());
		settings.put("cdsServices", ownCdsServices(request)); // what a token's aud starts with
		settings.put("userId", USER_ID);
		settings.put("insecureDevMode", insecureDevMode);
		settings.put("tokenLifetimeSeconds", CdsSandboxClient.TOKEN_LIFETIME.toSeconds());
		return ResponseEntity.ok(settings);
	}

	/**
	 * The draft orders the page offers: every trigger code of every order service, with the FHIR resource a draft
	 * order of it is (LOINC codes are tests: ServiceRequest; RxNorm and ATC codes are drugs: MedicationRequest).
	 */
	@GetMapping(path = CdsSandboxClient.PATH + "/orders", produces = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<?> orders() {
		if (!client.enabled()) {
			return off();
		}
		List<Map<String, String>> orders = new ArrayList<>();
		for (CdsServiceDescriptor service : catalog.all()) {
			for (CdsServiceDescriptor.Trigger trigger : service.triggers()) {
				Map<String, String> order = new LinkedHashMap<>();
				order.put("serviceId", service.id());
				order.put("hook", service.hook());
				order.put("resourceType", trigger.system().equals("http://loinc.org") ? "ServiceRequest" : "MedicationRequest");
				order.put("system", trigger.system());
				order.put("code", trigger.code());
				order.put("display", trigger.display());
				orders.add(order);
			}
		}
		return ResponseEntity.ok(Map.of("orders", orders));
	}

	/**
	 * {@code {"aud": "<URL of the CDS endpoint to call>"}} → {@code {"jwt", "iss", "aud", "expiresIn"}}: a signed
	 * CDS Hooks client JWT, only for an aud under this server's own {@code /cds-services/}.
	 */
	@PostMapping(path = CdsSandboxClient.PATH + "/token", produces = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<?> token(HttpServletRequest request) {
		if (!client.enabled()) {
			return off();
		}
		// Only JSON: a cross-site page cannot send it without a CORS preflight, which this endpoint never grants.
		if (!isJson(request.getContentType())) {
			return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
					"Send Content-Type: application/json with {\"aud\": \"<URL of the CDS service to call>\"}");
		}
		byte[] body;
		try (InputStream in = request.getInputStream()) {
			body = in.readNBytes(MAX_TOKEN_REQUEST_BYTES + 1);
		} catch (IOException e) {
			return error(HttpStatus.BAD_REQUEST, "bad-request", "The request body could not be read");
		}
		if (body.length > MAX_TOKEN_REQUEST_BYTES) {
			return error(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "A token request is at most " + MAX_TOKEN_REQUEST_BYTES + " bytes");
		}
		JsonNode root;
		try {
			root = body.length == 0 ? null : json.readTree(body);
		} catch (IOException e) { // JsonProcessingException included: malformed JSON
			return error(HttpStatus.BAD_REQUEST, "malformed-json", "The request body is not JSON");
		}
		if (root == null || !root.isObject() || !root.path("aud").isTextual() || root.get("aud").asText().isBlank()) {
			return error(HttpStatus.BAD_REQUEST, "bad-request", "The body must be {\"aud\": \"<URL of the CDS service to call>\"}");
		}
		String aud = root.get("aud").asText();
		String services = ownCdsServices(request);
		if (!aud.startsWith(services) || !SERVICE_PATH.matcher(aud.substring(services.length())).matches()) {
			return error(HttpStatus.BAD_REQUEST, "aud-not-allowed",
					"The sandbox signs tokens only for this server's CDS services: aud must be " + services + "{service id}");
		}
		Map<String, Object> token = new LinkedHashMap<>();
		token.put("jwt", client.sign(aud));
		token.put("iss", client.iss());
		token.put("aud", aud);
		token.put("expiresIn", CdsSandboxClient.TOKEN_LIFETIME.toSeconds());
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(token);
	}

	/**
	 * This server's {@code /cds-services/} as the CDS service will check {@code aud}: under the configured public
	 * base URL, else under the URL this request came to.
	 */
	private String ownCdsServices(HttpServletRequest request) {
		String origin = client.publicBaseUrl();
		if (origin == null) {
			String url = request.getRequestURL().toString();
			origin = url.substring(0, url.length() - request.getRequestURI().length());
		}
		return origin + request.getContextPath() + "/cds-services/";
	}

	private static boolean isJson(String contentType) {
		try {
			return contentType != null && MediaType.APPLICATION_JSON.isCompatibleWith(MediaType.parseMediaType(contentType));
		} catch (IllegalArgumentException e) { // InvalidMediaTypeException
			return false;
		}
	}

	private static ResponseEntity<Map<String, String>> off() {
		return error(HttpStatus.NOT_FOUND, "not-found", "Not found");
	}

	private static ResponseEntity<Map<String, String>> error(HttpStatus status, String code, String message) {
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Map.of("error", code, "message", message));
	}
}
