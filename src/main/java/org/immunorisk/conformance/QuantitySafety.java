package org.immunorisk.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Quantity;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Refuses quantities no clinical system sends but that make unit arithmetic explode: a UCUM exponent such as
 * {@code 10*999999/L} sends the UCUM library into multiplying million-digit decimals (one request held a
 * CPU core for minutes), and {@code 1e999999} is not a finite number. Checked for every resource before
 * storage, and by {@link LabUnitRules} before it asks UCUM anything.
 */
@Interceptor
public class QuantitySafety {

	/** Three or more exponent digits after a unit symbol, "*" or "^" (10*3 is fine, 10*999 is not). */
	private static final Pattern HUGE_EXPONENT = Pattern.compile("[A-Za-z\\]'*^][+-]?\\d{3,}");
	private static final Pattern ANNOTATION = Pattern.compile("\\{[^}]*}");
	private static final int MAX_UNIT_LENGTH = 64;
	// 10^15 covers every count per litre a lab reports (cells are ~10^12/L); scales beyond 20 are noise.
	private static final int MAX_INTEGER_DIGITS = 16;
	private static final int MAX_SCALE = 20;

	private final FhirContext fhirContext;

	public QuantitySafety(FhirContext fhirContext) {
		this.fhirContext = fhirContext;
	}

	/** Why a UCUM unit code is unsafe to compute with, if it is. */
	public static Optional<String> unitProblem(String unit) {
		if (unit == null) {
			return Optional.empty();
		}
		if (unit.length() > MAX_UNIT_LENGTH) {
			return Optional.of("unit code longer than " + MAX_UNIT_LENGTH + " characters");
		}
		if (HUGE_EXPONENT.matcher(ANNOTATION.matcher(unit).replaceAll("")).find()) {
			return Optional.of("unit '" + unit + "' has an exponent of three or more digits");
		}
		return Optional.empty();
	}

	/** Why a quantity's value is out of any clinical range, if it is. */
	public static Optional<String> valueProblem(BigDecimal value) {
		if (value == null) {
			return Optional.empty();
		}
		if (value.precision() - value.scale() > MAX_INTEGER_DIGITS) {
			return Optional.of("value has more than " + MAX_INTEGER_DIGITS + " integer digits");
		}
		if (value.scale() > MAX_SCALE) {
			return Optional.of("value has more than " + MAX_SCALE + " decimal places");
		}
		return Optional.empty();
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void beforeCreate(IBaseResource resource) {
		check(resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void beforeUpdate(IBaseResource previous, IBaseResource resource) {
		check(resource);
	}

	private void check(IBaseResource resource) {
		for (Quantity quantity : fhirContext.newTerser().getAllPopulatedChildElementsOfType(resource, Quantity.class)) {
			Optional<String> problem = unitProblem(quantity.getCode())
					.or(() -> quantity.hasValue() ? valueProblem(quantity.getValue()) : Optional.empty());
			if (problem.isPresent()) {
				throw new UnprocessableEntityException(resource.fhirType() + " has an unusable Quantity: " + problem.get());
			}
		}
	}
}
