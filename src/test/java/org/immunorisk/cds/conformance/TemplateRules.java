package org.immunorisk.cds.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import org.immunorisk.cds.PrefetchTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The static rules a prefetch template must follow, checked against HAPI's R4 search parameter definitions:
 * PF-7 (tokens) and PF-8 (query restrictions). Returns the violations, so a test can show them all at once.
 */
final class TemplateRules {

	/** The context fields each hook marks "Prefetch Token: Yes" (selections and draftOrders are not). */
	static final Map<String, Set<String>> TOKEN_FIELDS = Map.of(
			"patient-view", Set.of("userId", "patientId", "encounterId"),
			"order-select", Set.of("userId", "patientId", "encounterId"),
			"order-sign", Set.of("userId", "patientId", "encounterId"));

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final Pattern TYPE = Pattern.compile("[A-Z][A-Za-z]+");
	private static final Pattern DATE_PREFIX = Pattern.compile("(eq|lt|gt|ge|le)?(\\{\\{.*\\}\\}|\\d{4}.*)");

	private TemplateRules() {}

	/** PF-7: {{ }}-delimited tokens that are context.<root primitive field> of the hook, or one of the four user*Id. */
	static List<String> tokenViolations(String hook, String template) {
		List<String> violations = new ArrayList<>();
		String withoutTokens = template.replaceAll("\\{\\{[^{}]*\\}\\}", "");
		if (withoutTokens.contains("{") || withoutTokens.contains("}")) {
			violations.add(template + ": a token not delimited by {{ }}");
		}
		for (String token : PrefetchTemplate.tokens(template)) {
			boolean context = token.startsWith("context.") && TOKEN_FIELDS.get(hook).contains(token.substring(8));
			if (!context && !PrefetchTemplate.USER_TOKENS.containsKey(token)) {
				violations.add(template + ": token {{" + token + "}} is not allowed for " + hook);
			}
		}
		return violations;
	}

	/**
	 * PF-8: an instance read, or a type search whose parameters are reference, token (equality or :in), date
	 * (eq/lt/gt/ge/le), _count or _sort.
	 */
	static List<String> queryViolations(String template) {
		List<String> violations = new ArrayList<>();
		String type = PrefetchTemplate.resourceType(template);
		if (!TYPE.matcher(type).matches() || !FHIR.getResourceTypes().contains(type)) {
			return List.of(template + ": " + type + " is not an R4 resource type");
		}
		if (PrefetchTemplate.isRead(template)) {
			String id = template.substring(type.length() + 1);
			if (id.contains("/") || id.contains("?") || id.isEmpty()) {
				violations.add(template + ": a read must be Type/id, nothing more");
			}
			return violations;
		}
		if (!template.startsWith(type + "?")) {
			return List.of(template + ": neither Type/id nor Type?query");
		}
		RuntimeResourceDefinition resource = FHIR.getResourceDefinition(type);
		for (String parameter : template.substring(type.length() + 1).split("&")) {
			int equals = parameter.indexOf('=');
			if (equals <= 0) {
				violations.add(template + ": parameter '" + parameter + "' has no value");
				continue;
			}
			String name = parameter.substring(0, equals);
			String value = parameter.substring(equals + 1);
			String modifier = name.contains(":") ? name.substring(name.indexOf(':') + 1) : null;
			String base = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
			if (base.equals("_count")) {
				if (modifier != null || !value.matches("\\d+")) {
					violations.add(template + ": _count must be a number");
				}
				continue;
			}
			if (base.equals("_sort")) {
				if (modifier != null) {
					violations.add(template + ": _sort takes no modifier (sort:desc is DSTU2 syntax; use _sort=-x)");
				}
				continue;
			}
			RuntimeSearchParam definition = resource.getSearchParam(base);
			if (definition == null) {
				violations.add(template + ": " + base + " is not a search parameter of " + type);
				continue;
			}
			RestSearchParameterTypeEnum kind = definition.getParamType();
			boolean ok = switch (kind) {
				case REFERENCE -> modifier == null;
				case TOKEN -> modifier == null || modifier.equals("in");
				case DATE -> modifier == null && DATE_PREFIX.matcher(value).matches();
				default -> false;
			};
			if (!ok) {
				violations.add(template + ": " + name + " (" + kind + ") is not a reference, token (= or :in) or date "
						+ "(eq/lt/gt/ge/le) parameter");
			}
		}
		return violations;
	}
}
