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
 * {@code hla#3.55.0#HLA-A*24:02+HLA-A*02:01}) or IMGT/HLA allele names, reduced to two fields
 * ({@code HLA-DRB1*04:05:01} → {@code HLA-DRB1*04:05}), the resolution the IgG4-RD study reports.
 */
final class HlaAlleles {

	private static final Pattern ALLELE = Pattern.compile("HLA-[A-Z0-9]+\\*\\d{2,3}:\\d{2,3}");

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
		Matcher matcher = ALLELE.matcher(text);
		while (matcher.find()) {
			alleles.add(matcher.group());
		}
	}
}
