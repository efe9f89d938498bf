package org.immunorisk.features;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.hl7.fhir.r4.model.BaseDateTimeType;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.TimeZone;

/**
 * The calendar date a FHIR date or dateTime means, independent of the server's time zone: a date is its own
 * year-month-day; a dateTime is read in the offset it carries (UTC when it carries none). Converting through
 * java.util.Date and the JVM's zone shifted dates by a day, and with them ages and look-back windows.
 */
public final class FhirDates {

	private FhirDates() {}

	public static Optional<LocalDate> localDate(BaseDateTimeType value) {
		if (value == null || value.getValue() == null) {
			return Optional.empty();
		}
		if (value.getPrecision().ordinal() <= TemporalPrecisionEnum.DAY.ordinal()) {
			int month = value.getPrecision() == TemporalPrecisionEnum.YEAR ? 1 : value.getMonth() + 1;
			int day = value.getPrecision().ordinal() < TemporalPrecisionEnum.DAY.ordinal() ? 1 : value.getDay();
			return Optional.of(LocalDate.of(value.getYear(), month, day));
		}
		TimeZone zone = value.getTimeZone() != null ? value.getTimeZone() : TimeZone.getTimeZone(ZoneOffset.UTC);
		return Optional.of(value.getValue().toInstant().atZone(zone.toZoneId()).toLocalDate());
	}
}
