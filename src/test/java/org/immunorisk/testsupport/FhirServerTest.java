package org.immunorisk.testsupport;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.immunorisk.server.ImmunoRiskServerApplication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of every test that needs the running server. All subclasses share one Spring context (same
 * configuration, so Spring's test context cache boots it once): a real HAPI JPA server on a fresh H2 file
 * database, on a random port, called over real HTTP.
 */
@SpringBootTest(classes = ImmunoRiskServerApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = {
				"spring.config.name=" + ImmunoRiskServerApplication.CONFIG_NAME,
				"spring.datasource.url=jdbc:h2:file:./target/test-data/shared-${random.uuid}/h2",
				"spring.jpa.properties.hibernate.search.backend.directory.root=./target/test-data/shared-lucene-${random.uuid}",
				"immunorisk.limits.max-request-bytes=2000000",
				// The CDS Hooks sandbox page and its client (CdsSandboxBrowserTest, CdsSandboxTokenTest).
				"immunorisk.cds.sandbox.enabled=true"
		})
public abstract class FhirServerTest {

	protected static final FhirContext FHIR = FhirContext.forR4Cached();

	/**
	 * The CDS service's external base URL ({@code immunorisk.cds.public-base-url}), as behind a reverse proxy: the
	 * JWT {@code aud} of a CDS call is this plus the path, never the host the test connects to.
	 */
	public static final String CDS_BASE = "https://cds.immunorisk.test";

	/** The one browser origin allowed to call the CDS endpoints (CORS). */
	public static final String CDS_ALLOWED_ORIGIN = "https://ehr.test.immunorisk.example";

	/**
	 * The folder of locally trained models the shared server watches ({@code immunorisk.models.directory}), empty at
	 * start; LocalModelDirectoryTest drops models into it. Re-scanned every second so that test waits little.
	 */
	public static final Path LOCAL_MODELS = localModelsFolder();

	private static Path localModelsFolder() {
		try {
			return Files.createDirectories(Path.of("target", "test-data", "local-models-" + UUID.randomUUID())).toAbsolutePath();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The test EHRs are the trusted CDS clients (see TestEhr). */
	@DynamicPropertySource
	static void trustedCdsClient(DynamicPropertyRegistry registry) {
		registry.add("immunorisk.models.directory", LOCAL_MODELS::toString);
		registry.add("immunorisk.models.scan-interval", () -> "PT1S");
		registry.add("immunorisk.cds.public-base-url", () -> CDS_BASE);
		registry.add("immunorisk.cds.allowed-origins[0]", () -> CDS_ALLOWED_ORIGIN);
		registry.add("immunorisk.cds.trusted-issuers[0].iss", () -> TestEhr.ISSUER);
		registry.add("immunorisk.cds.trusted-issuers[0].jwks-url", () -> TestEhr.get().jwksUrl());
		// The test EHR's FHIR servers are on this machine (any port on localhost): this server itself, or a mock.
		// An http: prefix, named explicitly, is the only way the service fetches over plain http.
		registry.add("immunorisk.cds.trusted-issuers[0].fhir-servers[0]", () -> "http://localhost:");
		registry.add("immunorisk.cds.trusted-issuers[1].iss", () -> TestEhr.ROTATING_ISSUER);
		registry.add("immunorisk.cds.trusted-issuers[1].jwks-url", () -> TestEhr.rotating().jwksUrl());
	}

	/**
	 * Takes a locally trained model out of the shared server again: its files leave {@link #LOCAL_MODELS}, the folder is
	 * scanned (the model is withdrawn) and the RiskAssessments it wrote for {@code patients} are deleted. Every test that
	 * drops a model must call this: patient-view runs every registered model, so a model left behind would add cards
	 * to other tests' answers.
	 */
	protected void withdrawLocalModel(org.immunorisk.models.local.LocalModelDirectory folder, String modelId, String... patients) {
		try (var files = Files.newDirectoryStream(LOCAL_MODELS, modelId + "*")) {
			for (Path file : files) {
				String name = file.getFileName().toString();
				if (name.equals(modelId + ".json") || name.equals(modelId + ".md") || name.startsWith(modelId + ".")
						|| name.startsWith(modelId + "-")) {
					Files.delete(file);
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		folder.scan();
		assertThat(folder.serves(modelId)).as(modelId + " withdrawn").isFalse();
		// and gone from the registry itself (its card then is 404), not only from the folder's own bookkeeping
		assertThat(http.getHtml("/model-cards/" + modelId).status()).as(modelId + " still registered").isEqualTo(404);
		for (String patient : patients) {
			http.send("DELETE", "/fhir/RiskAssessment/" + org.immunorisk.assessment.RiskAssessmentWriter.id("Patient/" + patient, modelId), null);
		}
	}

	/** "Bearer ..." from the test EHR for a CDS call to {@code path} (aud = {@link #CDS_BASE} + path). */
	protected static String cdsBearer(String path) {
		return TestEhr.get().bearer(CDS_BASE + path);
	}

	@LocalServerPort
	private int port;

	protected Http http;

	@BeforeEach
	void connect() {
		http = new Http(port);
	}

	protected static String json(IBaseResource resource) {
		return FHIR.newJsonParser().encodeResourceToString(resource);
	}

	protected static <T extends IBaseResource> T parseBody(Class<T> type, String body) {
		return FHIR.newJsonParser().parseResource(type, body);
	}

	/** A 4xx answer in FHIR shape: an OperationOutcome with at least one error, and no Java internals. */
	protected static OperationOutcome assertOperationOutcome(Http.Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.body()).doesNotContain("at org.", "at ca.uhn", "Exception:", "\tat ");
		OperationOutcome outcome = parseBody(OperationOutcome.class, response.body());
		assertThat(outcome.getIssue()).isNotEmpty();
		assertThat(outcome.getIssueFirstRep().getSeverity())
				.isIn(OperationOutcome.IssueSeverity.ERROR, OperationOutcome.IssueSeverity.FATAL);
		return outcome;
	}
}
