package org.immunorisk.cds;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CDS Hooks 2.0 prefetch template ({@code Patient/{{context.patientId}}},
 * {@code Observation?subject={{context.patientId}}&_count=1000}) and its tokens: {@code context.<field>} for a
 * root-level primitive field of the call's context, and the four {@code user*Id} tokens taken from
 * {@code context.userId}. Values are URL-encoded before they enter the query, so a crafted id cannot add a
 * search parameter (HAPI's own substitution does not encode, and leaves the {@code user*} tokens in place).
 */
public final class PrefetchTemplate {

	private static final Pattern TOKEN = Pattern.compile("\\{\\{([^{}]*)\\}\\}");

	/** CDS Hooks 2.0 §prefetch-tokens: token → the resource type {@code context.userId} must name. */
	public static final Map<String, String> USER_TOKENS = Map.of(
			"userPractitionerId", "Practitioner",
			"userPractitionerRoleId", "PractitionerRole",
			"userPatientId", "Patient",
			"userRelatedPersonId", "RelatedPerson");

	private PrefetchTemplate() {}

	/**
	 * The relative FHIR URL of the template for this call, or empty when a token has no value in it (a
	 * {@code userPractitionerId} when the user is a PractitionerRole, an optional context field that is absent):
	 * that prefetch key is then skipped, as the client would have had to skip it too.
	 */
	public static Optional<String> substitute(String template, JsonNode context) {
		Matcher token = TOKEN.matcher(template);
		StringBuilder url = new StringBuilder();
		while (token.find()) {
			Optional<String> value = value(token.group(1), context);
			if (value.isEmpty()) {
				return Optional.empty();
			}
			token.appendReplacement(url, Matcher.quoteReplacement(encode(value.get())));
		}
		token.appendTail(url);
		return Optional.of(url.toString());
	}

	/** The tokens a template uses, as written between the braces. */
	public static java.util.List<String> tokens(String template) {
		return TOKEN.matcher(template).results().map(m -> m.group(1)).toList();
	}

	/** The resource type a template reads or searches ({@code Patient} for {@code Patient/{{...}}}). */
	public static String resourceType(String template) {
		int end = template.length();
		for (char stop : new char[] {'/', '?'}) {
			int at = template.indexOf(stop);
			if (at >= 0 && at < end) {
				end = at;
			}
		}
		return template.substring(0, end);
	}

	/** An instance read ({@code Type/{{id}}}) rather than a type search ({@code Type?...}). */
	public static boolean isRead(String template) {
		int slash = template.indexOf('/');
		int query = template.indexOf('?');
		return slash > 0 && (query < 0 || slash < query);
	}

	private static Optional<String> value(String token, JsonNode context) {
		if (token.startsWith("context.")) {
			JsonNode field = context == null ? null : context.get(token.substring("context.".length()));
			return field != null && field.isValueNode() && !field.isNull() && !field.asText().isEmpty()
					? Optional.of(field.asText()) : Optional.empty();
		}
		String type = USER_TOKENS.get(token);
		JsonNode userId = context == null ? null : context.get("userId");
		if (type == null || userId == null || !userId.isTextual() || !userId.asText().startsWith(type + "/")) {
			return Optional.empty();
		}
		String id = userId.asText().substring(type.length() + 1);
		return id.isEmpty() ? Optional.empty() : Optional.of(id);
	}

	/** Percent-encoding of everything but RFC 3986 unreserved characters (a space is %20, not +). */
	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}
}
