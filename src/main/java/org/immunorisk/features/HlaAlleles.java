package org.immunorisk.features;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HLA alleles named in a genotype value: a GL String ({@code http://glstring.org}, e.g.
 * {@code hla#3.55.0#HLA-A*24:02+HLA-A*02:01}) or IMGT/HLA allele names. Names keep all their fields and any
 * expression suffix ({@code HLA-B*40:01:01N} is a null allele, not a B*40:01 carrier) and get the {@code HLA-}
 * prefix when written without it. An ambiguity ({@code B*40:01/B*40:02}) is not resolved into carriage of
 * both: it is left out unless all alternatives share the same two-field allele.
 */
final class HlaAlleles {

	private static final Pattern ALLELE =
			Pattern.compile("(?:HLA-)?([A-Z]+[0-9]*)\\*(\\d{2,3}(?::\\d{2,3}){1,3})([NLSCAQ]?)");

	private HlaAlleles() {}

	static Set<String> of(Type value) {
		Set<String> alleles = new LinkedHashSet<>();
		if (value instanceof CodeableConcept concept) {
			for (Coding coding : concept.getCoding()) {
				find(coding.getCode(), alleles);
			}
			if (alleles.isEmpty()) {
				find(concept.getText(), alleles);
			}
		} else if (value instanceof StringType text) {
			find(text.getValue(), alleles);
		}
		return alleles;
	}

	private static void find(String text, Set<String> alleles) {
		if (text == null) {
			return;
		}
		String glString = text.contains("#") ? text.substring(text.lastIndexOf('#') + 1) : text;
		// GL String operators: + (genotype), ^ (multilocus), | (genotype list), ~ (haplotype), / (allele list).
		for (String term : glString.split("[+^|~,\\s]+")) {
			String[] alternatives = term.split("/");
			Set<String> names = new LinkedHashSet<>();
			Set<String> twoField = new LinkedHashSet<>();
			for (String alternative : alternatives) {
				Matcher matcher = ALLELE.matcher(alternative.trim());
				if (matcher.matches()) {
					String fields = matcher.group(2);
					names.add("HLA-" + matcher.group(1) + "*" + fields + matcher.group(3));
					String[] parts = fields.split(":");
					twoField.add(matcher.group(1) + "*" + parts[0] + ":" + parts[1] + matcher.group(3));
				}
			}
			if (names.size() == 1 || (names.size() > 1 && twoField.size() == 1)) {
				alleles.add(names.iterator().next());
			}
		}
	}
}
