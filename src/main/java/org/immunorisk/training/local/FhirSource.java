package org.immunorisk.training.local;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.gclient.ReferenceClientParam;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.immunorisk.features.FeatureExtractor;
import org.immunorisk.features.FeatureVector;
import org.immunorisk.features.PatientRecord;

import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Training data straight from a FHIR R4 server: a labels CSV gives each patient's id, index date and outcome; each
 * patient's record is read with HAPI's generic client (the Patient, and every Observation and Condition whose subject
 * they are, as the server's own {@code PatientRecordReader} reads its store) and turned into inputs by the server's
 * {@link FeatureExtractor} as of the index date. So a later result never leaks into training, and the model sees
 * the inputs exactly as it will at scoring time. A patient with a missing input is left out and counted, never
 * imputed; a patient the server does not know is left out and counted too.
 */
final class FhirSource {

	/** Resources per search page asked for (the server may give fewer). */
	static final int PAGE_SIZE = 200;
	/** Pages per search at most: a patient with more than this many pages is more likely a paging loop. */
	static final int MAX_PAGES = 1000;

	/** FHIR R4 id (http://hl7.org/fhir/R4/datatypes.html#id): anything else could not name one resource in a URL. */
	private static final java.util.regex.Pattern FHIR_ID = java.util.regex.Pattern.compile("(?!\\.{1,2}$)[A-Za-z0-9\\-.]{1,64}");

	private FhirSource() {}

	static LocalData read(Mapping mapping, String fhirBase, Path labels, String bearerToken, FeatureExtractor extractor,
			PrintStream out) {
		if (mapping.columns().indexDate() == null) {
			throw new LocalTrainingException(mapping.fileName() + ": columns.indexDate is required with --fhir-base: inputs"
					+ " are read from the record as of each patient's index date, so that later results do not leak in");
		}
		String base = checkedBase(fhirBase);
		CsvFile csv = CsvFile.read(labels, "labels file");
		out.printf("Read %d rows from %s (SHA-256 %s)%n", csv.rows().size(), csv.name(), csv.sha256());
		CsvSource.Outcomes outcomes = CsvSource.Outcomes.of(mapping, csv);
		List<CsvSource.Outcomes.Row> rows = new ArrayList<>();
		for (CsvFile.Row row : csv.rows()) {
			CsvSource.Outcomes.Row outcome = outcomes.read(row); // every id, date and outcome checked before the first request
			if (!FHIR_ID.matcher(idPart(outcome.patient())).matches()) {
				throw csv.cellError(row, mapping.columns().patientId(), "\"" + outcome.patient() + "\" is not a FHIR Patient id"
						+ " (letters, digits, '-' and '.', at most 64; optionally after \"Patient/\")");
			}
			rows.add(outcome);
		}
		outcomes.checkDuplicates();

		IGenericClient client = client(base, bearerToken);
		String version = capabilities(client, base);
		out.println("FHIR server " + base + " (FHIR " + version + "): reading " + rows.size() + " patients");
		LocalData.Builder data = new LocalData.Builder();
		int notFound = 0;
		int step = Math.max(1, rows.size() / 10);
		for (int k = 0; k < rows.size(); k++) {
			CsvSource.Outcomes.Row row = rows.get(k);
			Optional<PatientRecord> record = fetch(client, base, idPart(row.patient()));
			if (record.isEmpty()) {
				notFound++;
				data.exclude("patient not found on the FHIR server");
			} else {
				FeatureVector features = extractor.extract(record.get(), row.indexDate());
				double[] x = new double[mapping.inputs().size()];
				List<String> missing = new ArrayList<>();
				for (int j = 0; j < x.length; j++) {
					Mapping.Input input = mapping.inputs().get(j);
					Optional<Double> value = value(input, features);
					if (value.isPresent()) {
						x[j] = value.get();
					} else {
						missing.add(input.name());
						data.exclude("missing " + input.name() + ": " + reason(input, features));
					}
				}
				if (missing.isEmpty()) {
					row.addTo(data, x);
				}
			}
			if ((k + 1) % step == 0 || k + 1 == rows.size()) {
				out.printf("  patients fetched %d/%d%n", k + 1, rows.size());
			}
		}
		Map<String, Object> source = new LinkedHashMap<>();
		source.put("kind", "fhir");
		source.put("fhirBase", base);
		source.put("fhirVersion", version);
		source.put("labelsFile", csv.name());
		source.put("sha256", csv.sha256());
		source.put("patientsListed", rows.size());
		source.put("patientsNotFound", notFound);
		source.put("extraction", "org.immunorisk.features.FeatureExtractor as of each patient's index date (Patient,"
				+ " and the Observations and Conditions whose subject is the patient)");
		source.put("featureDefinitionsSha256", Hashes.sha256OfResource("immunorisk/features/feature-definitions.json"));
		outcomes.describeTime(source);
		LocalData result = data.build(outcomes.survival(), rows.size(), source, "the site's FHIR server (its base URL is in the"
				// not the URL itself: this sentence reaches the model card, which is served without authentication
				+ " manifest's provenance), patients and outcomes from a labels file (SHA-256 " + csv.sha256()
				+ "), inputs as of each index date");
		CsvSource.report(result, out);
		return result;
	}

	/** The input as the served model reads it: a number, or a code turned into the mapping's number. */
	static Optional<Double> value(Mapping.Input input, FeatureVector features) {
		if (input.codes() == null) {
			return features.number(input.name());
		}
		return features.code(input.name()).map(input.codes()::get);
	}

	/**
	 * Why an input is missing, without the patient's resource ids (so that the reasons can be counted): the
	 * extractor's reason when it gives one, else that nothing was on record in the look-back window.
	 */
	static String reason(Mapping.Input input, FeatureVector features) {
		Optional<String> code = features.code(input.name());
		if (input.codes() != null && code.isPresent()) {
			return "code \"" + code.get() + "\" is not among the mapping's codes";
		}
		Optional<String> why = features.missingReason(input.name());
		if (why.isPresent()) {
			return why.get().replaceFirst("^[A-Z][A-Za-z]+/[^ :]+:? ", "");
		}
		int days = input.feature().lookbackDays();
		return days > 0 ? "nothing on record in the " + days + " days up to the index date" : "not on record";
	}

	/** Only http(s) bases; user info, query and fragment are refused so that no secret lands in the manifest. */
	private static String checkedBase(String fhirBase) {
		try {
			URI uri = new URI(fhirBase);
			if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
				throw new LocalTrainingException("--fhir-base must be an http(s) URL such as http://host:8080/fhir, not " + fhirBase);
			}
			if (uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
				throw new LocalTrainingException("--fhir-base must be the server's base URL without user name, query or"
						+ " fragment (it is written into the manifest); give a token with --bearer-token");
			}
		} catch (URISyntaxException e) {
			throw new LocalTrainingException("--fhir-base is not a URL: " + fhirBase);
		}
		return fhirBase.replaceAll("/+$", "");
	}

	private static IGenericClient client(String base, String bearerToken) {
		FhirContext context = FhirContext.forR4();
		IRestfulClientFactory factory = context.getRestfulClientFactory();
		factory.setServerValidationMode(ServerValidationModeEnum.NEVER); // the capability check below says why it fails
		factory.setConnectTimeout(10_000);
		factory.setSocketTimeout(60_000);
		IGenericClient client = context.newRestfulGenericClient(base);
		client.setEncoding(EncodingEnum.JSON);
		if (bearerToken != null) {
			client.registerInterceptor(new BearerTokenAuthInterceptor(bearerToken));
		}
		return client;
	}

	/** The server's FHIR version from its CapabilityStatement; fails early, before any patient, when it cannot be read. */
	private static String capabilities(IGenericClient client, String base) {
		CapabilityStatement statement = call(base, "metadata", () -> client.capabilities().ofType(CapabilityStatement.class).execute());
		String version = statement.hasFhirVersion() ? statement.getFhirVersion().toCode() : "unknown";
		if (!version.startsWith("4.0")) {
			throw new LocalTrainingException("The FHIR server at " + base + " speaks FHIR " + version + "; ImmunoRisk reads R4 (4.0.x)");
		}
		return version;
	}

	private static Optional<PatientRecord> fetch(IGenericClient client, String base, String id) {
		Patient patient;
		try {
			patient = call(base, "Patient/" + id, () -> client.read().resource(Patient.class).withId(id).execute());
		} catch (NotFound e) {
			return Optional.empty();
		}
		List<Resource> resources = new ArrayList<>();
		for (Class<? extends Resource> type : List.of(Observation.class, Condition.class)) {
			String what = type.getSimpleName() + "?subject=Patient/" + id;
			Bundle page = call(base, what, () -> client.search().forResource(type)
					.where(new ReferenceClientParam("subject").hasId("Patient/" + id)).count(PAGE_SIZE)
					.returnBundle(Bundle.class).execute());
			for (int pages = 1; ; pages++) {
				for (Bundle.BundleEntryComponent entry : page.getEntry()) {
					if (type.isInstance(entry.getResource())) { // search mode "include" or an OperationOutcome: not data
						resources.add(entry.getResource());
					}
				}
				if (page.getLink(IBaseBundle.LINK_NEXT) == null) {
					break;
				}
				// The client sends the bearer token with the next-page request: only to the server it was given for.
				String next = page.getLink(IBaseBundle.LINK_NEXT).getUrl();
				if (next == null || !next.startsWith(base.endsWith("/") ? base : base + "/") && !next.startsWith(base + "?")) {
					throw new LocalTrainingException("The FHIR server at " + base + " gave a next-page link outside it for " + what
							+ " (" + (next == null ? "none" : next.replaceAll("\\?.*", "?…")) + "); stopping, so the token is not sent elsewhere");
				}
				if (pages >= MAX_PAGES) {
					throw new LocalTrainingException("The FHIR server at " + base + " gave more than " + MAX_PAGES + " pages for "
							+ what + "; stopping (a paging loop?)");
				}
				Bundle current = page;
				page = call(base, what + " (page " + (pages + 1) + ")", () -> client.loadPage().next(current).execute());
			}
		}
		return Optional.of(new PatientRecord(patient, resources));
	}

	/** "Patient/123" and "123" name the same patient. */
	private static String idPart(String patient) {
		return patient.startsWith("Patient/") ? patient.substring("Patient/".length()) : patient;
	}

	private static final class NotFound extends RuntimeException {
		NotFound() {
			super(null, null, false, false);
		}
	}

	/** One request, its failures as clear messages (the token never appears in them). */
	private static <T> T call(String base, String what, java.util.function.Supplier<T> request) {
		try {
			return request.get();
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			if (what.startsWith("Patient/")) {
				throw new NotFound();
			}
			throw new LocalTrainingException("The FHIR server at " + base + " answered HTTP " + e.getStatusCode() + " for " + what
					+ " (is --fhir-base the server's FHIR base URL?)");
		} catch (AuthenticationException e) {
			throw new LocalTrainingException("The FHIR server at " + base + " refused the request for " + what
					+ " (HTTP 401): give a valid token with --bearer-token (or IMMUNORISK_FHIR_BEARER_TOKEN)");
		} catch (ForbiddenOperationException e) {
			throw new LocalTrainingException("The FHIR server at " + base + " forbade " + what
					+ " (HTTP 403): the token may not read Patient, Observation and Condition");
		} catch (FhirClientConnectionException e) { // a subclass of BaseServerResponseException: before it
			throw new LocalTrainingException("Cannot reach the FHIR server at " + base + " (" + what + "): "
					+ (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
		} catch (BaseServerResponseException e) {
			throw new LocalTrainingException("The FHIR server at " + base + " answered HTTP " + e.getStatusCode() + " for " + what
					+ ": " + e.getMessage());
		}
	}
}
