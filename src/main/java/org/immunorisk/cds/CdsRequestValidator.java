package org.immunorisk.cds;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks a CDS Hooks 2.0 request must pass before the service acts on it (docs/cds-hooks-2.0-checklist.md,
 * REQ-*): {@code hook} (the service's own), {@code hookInstance}, {@code context} with the fields the hook's
 * published version requires (patient-view 1.1, order-select 1.0, order-sign 1.0), {@code fhirServer} and
 * {@code fhirAuthorization} as a pair, {@code prefetch} and {@code extension} as objects. A failure is a 400
 * naming the field; HAPI's own deserializer checks only that three fields are present, which is why this exists.
 * The draft orders themselves are checked by {@link DraftOrders}, the prefetch by {@link PrefetchRecord}.
 */
final class CdsRequestValidator {

	private static final Logger log = LoggerFactory.getLogger(CdsRequestValidator.class);

	private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
	private static final int MAX_ID = 200;

	/** Who may be the user of each hook (its context.userId table). */
	private static final Map<String, Set<String>> USER_TYPES = Map.of(
			"patient-view", Set.of("Practitioner", "PractitionerRole", "Patient", "RelatedPerson"),
			"order-select", Set.of("Practitioner", "PractitionerRole"),
			"order-sign", Set.of("Practitioner", "PractitionerRole"));

	private CdsRequestValidator() {}

	static HookRequest validate(CdsServiceDescriptor service, JsonNode body) {
		if (body == null || !body.isObject()) {
			throw CdsRequestException.badRequest("The request body must be a JSON object");
		}
		String hook = requiredString(body, "hook", "hook");
		if (!service.hook().equals(hook)) {
			throw new CdsRequestException(400, "wrong-hook", "Service " + service.id() + " answers '" + service.hook()
					+ "', not '" + hook + "'");
		}
		String hookInstance = requiredString(body, "hookInstance", "hookInstance");
		if (!UUID.matcher(hookInstance).matches()) {
			// The spec says "a UUID" without a MUST; a client that sends another unique string is still served.
			log.debug("hookInstance is not a UUID (accepted)");
		}
		JsonNode context = body.get("context");
		if (context == null || !context.isObject()) {
			throw CdsRequestException.badRequest("'context' is required and must be a JSON object");
		}
		String userId = requiredString(context, "userId", "context.userId");
		Set<String> userTypes = USER_TYPES.get(service.hook());
		int slash = userId.indexOf('/');
		if (slash < 0 || !userTypes.contains(userId.substring(0, slash)) || slash == userId.length() - 1
				|| userId.indexOf('/', slash + 1) >= 0 || userId.length() > MAX_ID) {
			throw CdsRequestException.badRequest("context.userId must be a relative reference [ResourceType]/[id] to one of "
					+ String.join(", ", userTypes.stream().sorted().toList()) + " for " + service.hook());
		}
		String patientId = requiredString(context, "patientId", "context.patientId");
		if (patientId.length() > MAX_ID) {
			throw CdsRequestException.badRequest("context.patientId is longer than " + MAX_ID + " characters");
		}
		if (context.has("encounterId") && !context.get("encounterId").isTextual()) {
			throw CdsRequestException.badRequest("context.encounterId, when given, must be a string");
		}
		if (!service.hook().equals("patient-view")) {
			JsonNode draftOrders = context.get("draftOrders");
			if (draftOrders == null || !draftOrders.isObject()) {
				throw CdsRequestException.badRequest("context.draftOrders is required for " + service.hook()
						+ ": a FHIR R4 Bundle of the draft orders");
			}
		}
		if (service.hook().equals("order-select")) {
			JsonNode selections = context.get("selections");
			if (selections == null || !selections.isArray() || selections.isEmpty()) {
				throw CdsRequestException.badRequest("context.selections is required for order-select: a non-empty array of "
						+ "references to entries of draftOrders");
			}
			for (JsonNode selection : selections) {
				if (!selection.isTextual()) {
					throw CdsRequestException.badRequest("context.selections must hold strings [ResourceType]/[id]");
				}
			}
		}
		String fhirServer = fhirServer(body);
		String accessToken = fhirAuthorization(body, fhirServer, patientId);
		JsonNode prefetch = body.get("prefetch");
		if (prefetch != null && !prefetch.isObject() && !prefetch.isNull()) {
			throw CdsRequestException.badRequest("'prefetch' must be a JSON object");
		}
		if (body.has("extension") && !body.get("extension").isObject()) {
			throw CdsRequestException.badRequest("'extension' must be a JSON object (CDS Hooks 2.0 §extensions)");
		}
		return new HookRequest(service, hookInstance, context, patientId, userId, fhirServer, accessToken,
				prefetch == null || prefetch.isNull() ? null : prefetch);
	}

	/** An absolute http(s) base URL, or null. Whether the service may use it is the issuer allow-list's business. */
	private static String fhirServer(JsonNode body) {
		if (!body.has("fhirServer")) {
			return null;
		}
		JsonNode value = body.get("fhirServer");
		String text = value.isTextual() ? value.asText() : "";
		try {
			URI uri = new URI(text);
			if (uri.isAbsolute() && (uri.getScheme().equals("https") || uri.getScheme().equals("http"))
					&& uri.getHost() != null && uri.getRawQuery() == null && uri.getRawFragment() == null) {
				return text;
			}
		} catch (URISyntaxException e) {
			// answered below
		}
		throw CdsRequestException.badRequest("fhirServer must be the absolute http(s) base URL of the client's FHIR server");
	}

	/** The access token of a complete fhirAuthorization (CDS Hooks 2.0: all five members are required), or null. */
	private static String fhirAuthorization(JsonNode body, String fhirServer, String patientId) {
		if (!body.has("fhirAuthorization") || body.get("fhirAuthorization").isNull()) {
			return null;
		}
		JsonNode authorization = body.get("fhirAuthorization");
		if (!authorization.isObject()) {
			throw CdsRequestException.badRequest("fhirAuthorization must be a JSON object");
		}
		if (fhirServer == null) {
			throw CdsRequestException.badRequest("fhirServer is required when fhirAuthorization is given");
		}
		String token = requiredString(authorization, "access_token", "fhirAuthorization.access_token");
		String type = requiredString(authorization, "token_type", "fhirAuthorization.token_type");
		if (!type.equalsIgnoreCase("Bearer")) { // RFC 6749 §5.1: the token type is case-insensitive
			throw CdsRequestException.badRequest("fhirAuthorization.token_type must be Bearer");
		}
		JsonNode expiresIn = authorization.get("expires_in");
		if (expiresIn == null || !expiresIn.isIntegralNumber() || expiresIn.asLong() < 0) {
			throw CdsRequestException.badRequest("fhirAuthorization.expires_in is required: a non-negative integer (seconds)");
		}
		requiredString(authorization, "scope", "fhirAuthorization.scope");
		requiredString(authorization, "subject", "fhirAuthorization.subject");
		JsonNode patient = authorization.get("patient");
		if (patient != null && !(patient.isTextual() && patient.asText().equals(patientId))) {
			throw CdsRequestException.badRequest("fhirAuthorization.patient is not context.patientId: the token is for another patient");
		}
		return token;
	}

	private static String requiredString(JsonNode object, String field, String name) {
		JsonNode value = object.get(field);
		if (value == null || !value.isTextual() || value.asText().isBlank()) {
			throw CdsRequestException.badRequest("'" + name + "' is required: a non-empty string");
		}
		return value.asText();
	}
}
