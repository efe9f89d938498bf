package org.immunorisk.plugin;

import ca.uhn.fhir.batch2.coordinator.JobDefinitionRegistry;
import ca.uhn.fhir.batch2.model.JobDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.immunorisk.conformance.ConformanceContent;
import org.immunorisk.conformance.ConformanceInstaller;
import org.immunorisk.conformance.ImmunoRiskInstanceValidator;
import org.immunorisk.conformance.LabUnitRules;
import org.immunorisk.conformance.ProfileValidationInterceptor;
import org.immunorisk.conformance.ProfileValidator;
import org.immunorisk.conformance.QuantitySafety;
import org.immunorisk.conformance.SupportedProfilesInterceptor;
import org.immunorisk.assessment.AssessmentService;
import org.immunorisk.assessment.ModelCatalogue;
import org.immunorisk.modelcards.ModelCardController;
import org.immunorisk.modelcards.ModelCardLinks;
import org.immunorisk.modelcards.ModelCards;
import org.immunorisk.models.local.LocalModelDirectory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.immunorisk.assessment.RiskAssessOperation;
import org.immunorisk.assessment.RiskAssessmentWriter;
import org.immunorisk.cds.CdsCorsFilter;
import org.immunorisk.cds.CdsHooksController;
import org.immunorisk.cds.CdsJwtVerifier;
import org.immunorisk.cds.CdsServiceCatalog;
import org.immunorisk.cds.FeedbackStore;
import org.immunorisk.cds.IssuerKeySets;
import org.immunorisk.cds.TrustedIssuer;
import org.immunorisk.cds.sandbox.CdsSandboxClient;
import org.immunorisk.cds.sandbox.CdsSandboxController;
import org.immunorisk.demo.TestBundleLoader;
import org.immunorisk.features.FeatureDefinitions;
import org.immunorisk.features.FeatureExtractor;
import org.immunorisk.features.PatientRecordReader;
import org.immunorisk.features.UnitConverter;
import org.immunorisk.models.ModelRegistry;
import org.immunorisk.models.published.PublishedScores;
import org.immunorisk.models.RiskModel;
import org.immunorisk.models.trained.TrainedModels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The single entry point of the ImmunoRisk plug-in. A HAPI FHIR JPA R4 server adds ImmunoRisk by importing
 * this class; everything else is registered from here as HAPI interceptors and providers.
 */
@Configuration
@EnableConfigurationProperties(ImmunoRiskProperties.class)
public class ImmunoRiskPluginConfig {

	private static final Logger log = LoggerFactory.getLogger(ImmunoRiskPluginConfig.class);

	@Bean
	public ConformanceContent immunoRiskConformanceContent(FhirContext fhirContext) {
		return ConformanceContent.fromClasspath(fhirContext);
	}

	@Bean
	public ProfileValidator immunoRiskProfileValidator(FhirContext fhirContext, ConformanceContent content) {
		return new ProfileValidator(fhirContext, content, LabUnitRules.fromClasspath());
	}

	/** {@code $validate} answers as validation on write does for ImmunoRisk profiles. */
	@Bean
	public static BeanPostProcessor immunoRiskInstanceValidatorWrapper(ObjectProvider<ProfileValidator> profileValidator) {
		return ImmunoRiskInstanceValidator.wrappingPostProcessor(profileValidator);
	}

	@Bean
	public ConformanceInstaller immunoRiskConformanceInstaller(DaoRegistry daoRegistry,
			IPackageInstallerSvc packageInstaller, ISearchParamRegistry searchParamRegistry,
			JobDefinitionRegistry jobDefinitions, List<JobDefinition<?>> jobs, ConformanceContent content) {
		return new ConformanceInstaller(daoRegistry, packageInstaller, searchParamRegistry, jobDefinitions, jobs, content);
	}

	// --- risk engine: FHIR → inputs → models → RiskAssessment ---

	@Bean
	public FeatureDefinitions immunoRiskFeatureDefinitions() {
		return FeatureDefinitions.fromClasspath();
	}

	@Bean
	public FeatureExtractor immunoRiskFeatureExtractor(FeatureDefinitions definitions) {
		return new FeatureExtractor(definitions, new UnitConverter());
	}

	@Bean
	public ModelRegistry immunoRiskModelRegistry() {
		List<RiskModel> models = new ArrayList<>(PublishedScores.all());
		models.addAll(TrainedModels.fromClasspath()); // demonstration models: trained on synthetic data, and say so
		return new ModelRegistry(models);
	}

	/** Locally trained models, served from a folder without a rebuild ({@code immunorisk.models.directory}). */
	@Bean
	@ConditionalOnProperty("immunorisk.models.directory")
	public LocalModelDirectory immunoRiskLocalModels(ImmunoRiskProperties properties, ModelRegistry models,
			ModelCatalogue catalogue) {
		return new LocalModelDirectory(properties.models().directory(), properties.models().scanInterval(), models, catalogue);
	}

	/**
	 * Links to model cards use the server's external base URL; unset, they name localhost (and the CDS start
	 * warning about {@code public-base-url} applies to them too).
	 */
	@Bean
	public ModelCardLinks immunoRiskModelCardLinks(ImmunoRiskProperties properties, Environment environment) {
		String base = properties.cds().publicBaseUrl();
		if (base == null || base.isBlank()) {
			base = "http://localhost:" + environment.getProperty("server.port", "8080");
			log.warn("ImmunoRisk: immunorisk.cds.public-base-url is not set: links to model cards (in Library, "
					+ "RiskAssessment and CDS cards) name {}, which other machines cannot reach.", base);
		}
		return new ModelCardLinks(base);
	}

	@Bean
	public ModelCards immunoRiskModelCards(ModelRegistry models, ObjectProvider<LocalModelDirectory> local) {
		return new ModelCards(models, local.getIfAvailable());
	}

	@Bean
	public ModelCardController immunoRiskModelCardController(ModelCards cards) {
		return new ModelCardController(cards);
	}

	@Bean
	public AssessmentService immunoRiskAssessmentService(ModelRegistry models, FeatureExtractor extractor) {
		return new AssessmentService(models, extractor);
	}

	@Bean
	public PatientRecordReader immunoRiskPatientRecordReader(DaoRegistry daoRegistry) {
		return new PatientRecordReader(daoRegistry);
	}

	@Bean
	public RiskAssessOperation immunoRiskRiskAssessOperation(AssessmentService assessments, PatientRecordReader records,
			DaoRegistry daoRegistry, ModelCardLinks cards) {
		return new RiskAssessOperation(assessments, records, new RiskAssessmentWriter(daoRegistry, cards), daoRegistry);
	}

	// --- CDS Hooks: the same assessment service, as cards ---

	@Bean
	public CdsHooksController immunoRiskCdsHooksController(AssessmentService assessments, PatientRecordReader records,
			FhirContext fhirContext, ImmunoRiskProperties properties, DataSource dataSource, FeatureDefinitions definitions,
			CdsSandboxClient sandbox, ModelCardLinks cards) {
		ImmunoRiskProperties.Cds cds = properties.cds();
		CdsJwtVerifier verifier = null;
		if (cds.insecureDevMode()) {
			log.warn("""

					*****************************************************************************
					*  ImmunoRisk: immunorisk.cds.insecure-dev-mode=true                         *
					*  CDS Hooks calls are NOT AUTHENTICATED: no JWT is checked. Development only. *
					*****************************************************************************""");
		} else {
			verifier = new CdsJwtVerifier(sandbox.trusting(cds.trustedIssuers().stream()
					.map(i -> new TrustedIssuer(i.iss(), i.jwksUrl(), i.fhirServers())).toList()),
					new IssuerKeySets(), Clock.systemUTC(), Duration.ofSeconds(60));
			if (cds.publicBaseUrl() == null || cds.publicBaseUrl().isBlank()) {
				log.warn("ImmunoRisk CDS Hooks: immunorisk.cds.public-base-url is not set, so the JWT aud is checked against "
						+ "the URL as this server received it (its Host header). Set it to the service's external base URL.");
			}
			if (cds.trustedIssuers().isEmpty() && !sandbox.enabled()) {
				log.warn("ImmunoRisk CDS Hooks: no trusted issuers configured (immunorisk.cds.trusted-issuers): every "
						+ "CDS service call will be refused with 401.");
			}
		}
		return new CdsHooksController(CdsServiceCatalog.fromClasspath(), assessments, records, verifier, fhirContext,
				cds.localFallback(), cds.publicBaseUrl(), new FeedbackStore(dataSource),
				new org.immunorisk.cds.CardSuggestions(fhirContext, definitions, cards), cards);
	}

	/** Development only ({@code immunorisk.cds.sandbox.enabled}): the sandbox page's CDS client; inert when off. */
	@Bean
	public CdsSandboxClient immunoRiskCdsSandboxClient(ImmunoRiskProperties properties, Environment environment) {
		return CdsSandboxClient.start(properties.cds().sandbox().enabled(), properties.cds().publicBaseUrl(),
				properties.limits().fhirPath(), environment);
	}

	@Bean
	public CdsSandboxController immunoRiskCdsSandboxController(CdsSandboxClient sandbox, ImmunoRiskProperties properties) {
		return new CdsSandboxController(sandbox, CdsServiceCatalog.fromClasspath(), properties.cds().insecureDevMode());
	}

	@Bean
	public ModelCatalogue immunoRiskModelCatalogue(ModelRegistry models, DaoRegistry daoRegistry, ModelCardLinks cards) {
		return new ModelCatalogue(models, daoRegistry, cards);
	}

	@Bean
	public TestBundleLoader immunoRiskTestBundleLoader(
			FhirContext fhirContext, IFhirSystemDao<?, ?> systemDao, ImmunoRiskProperties properties) {
		return new TestBundleLoader(fhirContext, systemDao, properties.demoData().load());
	}

	/** Bounds request bodies at the FHIR endpoint before they are read (413 + OperationOutcome). */
	@Bean
	public FilterRegistrationBean<RequestBodyLimitFilter> immunoRiskRequestBodyLimit(
			FhirContext fhirContext, ImmunoRiskProperties properties) {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(fhirContext, properties.limits().maxRequestBytes()));
		registration.addUrlPatterns(properties.limits().fhirPath() + "/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	/** The same bound at the CDS Hooks endpoints, answered with their JSON error (413). */
	@Bean
	public FilterRegistrationBean<RequestBodyLimitFilter> immunoRiskCdsRequestBodyLimit(ImmunoRiskProperties properties) {
		ObjectMapper json = new ObjectMapper();
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(properties.limits().maxRequestBytes(), (response, message) -> {
					response.setContentType("application/json;charset=UTF-8");
					response.getWriter().write(json.writeValueAsString(Map.of("error", "too-large", "message", message)));
				}));
		registration.addUrlPatterns("/cds-services", "/cds-services/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	/** CORS for browser-based CDS clients: allow-listed origins only, preflight before the JWT check. */
	@Bean
	public FilterRegistrationBean<CdsCorsFilter> immunoRiskCdsCors(ImmunoRiskProperties properties) {
		FilterRegistrationBean<CdsCorsFilter> registration = new FilterRegistrationBean<>(
				new CdsCorsFilter(properties.cds().allowedOrigins()));
		registration.addUrlPatterns("/cds-services", "/cds-services/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
		return registration;
	}

	/**
	 * Registers the interceptors once every bean exists: storage hooks on the JPA interceptor service (so they
	 * also guard writes that do not come over HTTP), server hooks on the RestfulServer.
	 */
	@Bean
	public SmartInitializingSingleton immunoRiskInterceptorRegistrar(
			IInterceptorService jpaInterceptors,
			RestfulServer restfulServer,
			FhirContext fhirContext,
			ProfileValidator validator,
			ConformanceContent content,
			ImmunoRiskProperties properties,
			RiskAssessOperation riskAssess) {
		return () -> {
			restfulServer.registerProviders(new RiskAssessOperation.PatientProvider(riskAssess),
					new RiskAssessOperation.GroupProvider(riskAssess));
			jpaInterceptors.registerInterceptor(new QuantitySafety(fhirContext));
			jpaInterceptors.registerInterceptor(new ProfileValidationInterceptor(fhirContext, validator));
			restfulServer.registerInterceptor(new SupportedProfilesInterceptor(content));
			restfulServer.registerInterceptor(new MediaTypeInterceptor());
			log.warn("""

					*****************************************************************************
					*  ImmunoRisk: the FHIR endpoint /fhir has NO AUTHENTICATION in this release. *
					*  Anyone who can reach this port can read and write every resource.        *
					*  Run it only on a trusted network (SMART on FHIR authorisation is planned). *
					*****************************************************************************""");
		};
	}
}
