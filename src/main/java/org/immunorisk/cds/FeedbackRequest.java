package org.immunorisk.cds;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The CDS Hooks 2.0 feedback body, {@code {"feedback": [{card, outcome, acceptedSuggestions?, overrideReason?,
 * outcomeTimestamp}]}}, checked item by item before anything is stored (one bad item refuses the whole body, so a
 * client never has to guess which items were kept). The 1.1-ballot single object that HAPI's model reads is
 * refused with a message naming the 2.0 envelope, instead of being read as an empty feedback.
 */
final class FeedbackRequest {

	/** RFC 3339 date-time in UTC ({@code Z} or {@code +00:00}); {@code -00:00} means "offset unknown" there. */
	private static final Pattern RFC3339_UTC = Pattern.compile(
			"\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|\\+00:00)");

	private FeedbackRequest() {}

	static List<FeedbackStore.Feedback> parse(String serviceId, JsonNode body) {
		JsonNode items = body != null && body.isObject() ? body.get("feedback") : null;
		if (items == null || !items.isArray() || items.isEmpty()) {
			throw CdsRequestException.badRequest("The body must be the CDS Hooks 2.0 envelope {\"feedback\": [ ... ]} "
					+ "with at least one item (a bare feedback object is the pre-2.0 form)");
		}
		List<FeedbackStore.Feedback> parsed = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			parsed.add(item(serviceId, items.get(i), "feedback[" + i + "]"));
		}
		return parsed;
	}

	private static FeedbackStore.Feedback item(String serviceId, JsonNode item, String at) {
		if (!item.isObject()) {
			throw CdsRequestException.badRequest(at + " must be a JSON object");
		}
		String card = text(item, "card", at);
		String outcome = text(item, "outcome", at);
		if (!(outcome.equals("accepted") || outcome.equals("overridden"))) {
			throw CdsRequestException.badRequest(at + ".outcome must be accepted or overridden");
		}
		int acceptedSuggestions = 0;
		JsonNode accepted = item.get("acceptedSuggestions");
		if (outcome.equals("accepted") || accepted != null) {
			if (accepted == null || !accepted.isArray() || accepted.isEmpty()) {
				throw CdsRequestException.badRequest(at + ".acceptedSuggestions is required for an accepted outcome: "
						+ "a non-empty array of {\"id\": suggestion uuid}");
			}
			for (JsonNode suggestion : accepted) {
				if (!suggestion.isObject() || !suggestion.path("id").isTextual() || suggestion.path("id").asText().isBlank()) {
					throw CdsRequestException.badRequest(at + ".acceptedSuggestions must hold objects {\"id\": suggestion uuid}");
				}
			}
			acceptedSuggestions = accepted.size();
		}
		String system = null;
		String code = null;
		String comment = null;
		JsonNode override = item.get("overrideReason");
		if (override != null) {
			if (!override.isObject()) {
				throw CdsRequestException.badRequest(at + ".overrideReason must be a JSON object");
			}
			JsonNode reason = override.get("reason");
			if (reason != null) {
				if (!reason.isObject()) {
					throw CdsRequestException.badRequest(at + ".overrideReason.reason must be a Coding");
				}
				system = text(reason, "system", at + ".overrideReason.reason");
				code = text(reason, "code", at + ".overrideReason.reason");
			}
			if (override.has("userComment")) {
				if (!override.get("userComment").isTextual()) {
					throw CdsRequestException.badRequest(at + ".overrideReason.userComment must be a string");
				}
				comment = override.get("userComment").asText();
			}
		}
		return new FeedbackStore.Feedback(serviceId, truncate(card, 200), outcome, timestamp(item, at),
				truncate(system, 500), truncate(code, 200), truncate(comment, 2000), acceptedSuggestions);
	}

	private static Instant timestamp(JsonNode item, String at) {
		String text = item.path("outcomeTimestamp").isTextual() ? item.get("outcomeTimestamp").asText() : "";
		if (RFC3339_UTC.matcher(text).matches()) {
			try {
				return OffsetDateTime.parse(text).toInstant();
			} catch (DateTimeParseException e) {
				// 2026-13-40T…: the shape matches, the date does not; answered below
			}
		}
		throw CdsRequestException.badRequest(at + ".outcomeTimestamp is required: an RFC 3339 date-time in UTC, "
				+ "e.g. 2026-11-21T12:00:00Z");
	}

	private static String text(JsonNode object, String field, String at) {
		JsonNode value = object.get(field);
		if (value == null || !value.isTextual() || value.asText().isBlank()) {
			throw CdsRequestException.badRequest(at + "." + field + " is required: a non-empty string");
		}
		return value.asText();
	}

	private static String truncate(String text, int max) {
		return text == null || text.length() <= max ? text : text.substring(0, max);
	}
}
