package org.immunorisk.server;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.HibernatePropertiesProvider;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.ValueSetOperationProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.narrative2.NullNarrativeGenerator;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.openapi.OpenApiInterceptor;
import ca.uhn.fhir.rest.server.IncomingRequestAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.ResponseHighlighterInterceptor;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.search.mapper.orm.cfg.HibernateOrmMapperSettings;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.transaction.annotation.EnableTransactionManagement;

import javax.sql.DataSource;
import java.util.Map;
import java.util.Properties;

/**
 * The HAPI FHIR JPA R4 host, at {@code /fhir}. This is what any HAPI JPA server (for example the
 * hapi-fhir-jpaserver-starter) already has; ImmunoRisk itself lives in {@code ImmunoRiskPluginConfig}.
 * Kept to the beans HAPI needs and nothing else: the starter's many switches are deliberately not copied.
 */
@Configuration
@EnableTransactionManagement
// Batch2 runs HAPI's background jobs (terminology indexing, reindex after package install); it
// needs the in-memory message broker of SubscriptionChannelConfig.
@Import({JpaR4Config.class, HapiJpaConfig.class, ThreadPoolFactoryConfig.class, JpaBatch2Config.class, Batch2JobsConfig.class,
		SubscriptionChannelConfig.class})
public class HapiJpaServerConfig {

	@Bean
	public JpaStorageSettings jpaStorageSettings() {
		JpaStorageSettings settings = new JpaStorageSettings();
		// Integrators load test bundles with client-assigned ids (PUT Patient/igg4rd-high-patient).
		settings.setResourceClientIdStrategy(JpaStorageSettings.ClientIdStrategyEnum.ALPHANUMERIC);
		// A reference to a resource that does not exist is refused (400), never silently accepted.
		settings.setEnforceReferentialIntegrityOnWrite(true);
		settings.setAutoCreatePlaceholderReferenceTargets(false);
		settings.setAllowExternalReferences(false);
		// Units are normalised to UCUM canonical form for search, so 1 g/L finds 100 mg/dL.
		// ValueSets are expanded on demand ($expand); background pre-expansion is not needed for a few
		// hundred local concepts.
		settings.setPreExpandValueSets(false);
		settings.setEnableTaskPreExpandValueSets(false);
		settings.setNormalizedQuantitySearchLevel(
				ca.uhn.fhir.jpa.model.entity.NormalizedQuantitySearchLevel.NORMALIZED_QUANTITY_STORAGE_SUPPORTED);
		return settings;
	}

	@Bean
	public PartitionSettings partitionSettings() {
		return new PartitionSettings();
	}

	@Bean
	public SubscriptionSettings subscriptionSettings() {
		return new SubscriptionSettings();
	}

	@Primary
	@Bean
	public LocalContainerEntityManagerFactoryBean entityManagerFactory(
			DataSource dataSource,
			ConfigurableListableBeanFactory beanFactory,
			FhirContext fhirContext,
			JpaStorageSettings storageSettings,
			Environment environment) {
		LocalContainerEntityManagerFactoryBean factory =
				HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
		factory.setPersistenceUnitName("HAPI_PU");
		factory.setDataSource(dataSource);
		factory.setJpaProperties(hibernateProperties(environment));
		return factory;
	}

	/**
	 * Hibernate settings: every {@code spring.jpa.properties.*} entry (immunorisk-server.yaml sets HAPI's H2 dialect and
	 * a local Lucene index under ./data; the {@code postgres} profile the PostgreSQL dialect), then defaults.
	 */
	private static Properties hibernateProperties(Environment environment) {
		Properties properties = new Properties();
		properties.putAll(Binder.get(environment)
				.bind("spring.jpa.properties", Bindable.mapOf(String.class, String.class))
				.orElse(Map.of()));
		properties.putIfAbsent(AvailableSettings.DIALECT, "ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect");
		properties.putIfAbsent(AvailableSettings.HBM2DDL_AUTO, "update");
		properties.putIfAbsent(AvailableSettings.SCANNER, "org.hibernate.boot.archive.scan.internal.DisabledScanner");
		properties.putIfAbsent(AvailableSettings.STATEMENT_BATCH_SIZE, "20");
		properties.putIfAbsent(AvailableSettings.USE_SECOND_LEVEL_CACHE, "false");
		properties.putIfAbsent(AvailableSettings.USE_QUERY_CACHE, "false");
		properties.putIfAbsent(AvailableSettings.SHOW_SQL, "false");
		// HAPI's terminology ($expand, $subsumes, $validate-code on stored CodeSystems) queries concepts through
		// Hibernate Search; without it those operations fail. A local Lucene index is enough for one node.
		properties.putIfAbsent(HibernateOrmMapperSettings.ENABLED, "true");
		properties.putIfAbsent("hibernate.search.backend.type", "lucene");
		properties.putIfAbsent("hibernate.search.backend.analysis.configurer",
				"ca.uhn.fhir.jpa.search.HapiHSearchAnalysisConfigurers$HapiLuceneAnalysisConfigurer");
		properties.putIfAbsent("hibernate.search.backend.directory.type", "local-filesystem");
		properties.putIfAbsent("hibernate.search.backend.directory.root", "./data/lucene");
		properties.putIfAbsent("hibernate.search.backend.lucene_version", "LUCENE_CURRENT");
		return properties;
	}

	@Primary
	@Bean
	public JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
		return new JpaTransactionManager(entityManagerFactory);
	}

	@Primary
	@Bean
	public HibernatePropertiesProvider hibernatePropertiesProvider(
			LocalContainerEntityManagerFactoryBean entityManagerFactory) {
		return new HibernatePropertiesProvider() {
			@Override
			public org.hibernate.dialect.Dialect getDialect() {
				return (org.hibernate.dialect.Dialect) newInstance(
						(String) entityManagerFactory.getJpaPropertyMap().get(AvailableSettings.DIALECT));
			}
		};
	}

	private static Object newInstance(String className) {
		try {
			return Class.forName(className).getDeclaredConstructor().newInstance();
		} catch (ReflectiveOperationException e) {
			throw new IllegalStateException("Cannot create Hibernate dialect " + className, e);
		}
	}

	@Bean
	public RestfulServer restfulServer(
			IFhirSystemDao<?, ?> systemDao,
			ResourceProviderFactory resourceProviders,
			IJpaSystemProvider systemProvider,
			ValueSetOperationProvider valueSetOperations,
			JpaStorageSettings storageSettings,
			ISearchParamRegistry searchParamRegistry,
			IValidationSupport validationSupport,
			DatabaseBackedPagingProvider pagingProvider) {
		FhirContext fhirContext = systemDao.getContext();
		fhirContext.setNarrativeGenerator(new NullNarrativeGenerator());
		RestfulServer server = new RestfulServer(fhirContext);
		server.registerProviders(resourceProviders.createProviders());
		server.registerProvider(systemProvider);
		server.registerProvider(valueSetOperations);
		JpaCapabilityStatementProvider capabilities = new JpaCapabilityStatementProvider(
				server, systemDao, storageSettings, searchParamRegistry, validationSupport);
		capabilities.setImplementationDescription("ImmunoRisk FHIR R4 server (HAPI FHIR JPA)");
		server.setServerConformanceProvider(capabilities);
		server.setPagingProvider(pagingProvider);
		server.setDefaultResponseEncoding(EncodingEnum.JSON);
		server.setDefaultPrettyPrint(true);
		server.setServerAddressStrategy(new IncomingRequestAddressStrategy());
		server.registerInterceptor(new ResponseHighlighterInterceptor());
		server.registerInterceptor(new OpenEndpointNotice());
		// OpenAPI description at /fhir/api-docs and Swagger UI at /fhir/swagger-ui/.
		server.registerInterceptor(new OpenApiInterceptor());
		return server;
	}

	@Bean
	public ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer restfulServer) {
		ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(restfulServer, "/fhir/*");
		registration.setName("fhirServlet");
		registration.setLoadOnStartup(1);
		return registration;
	}
}
