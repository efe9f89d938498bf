package org.immunorisk.server;

import org.immunorisk.plugin.ImmunoRiskPluginConfig;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.boot.autoconfigure.thymeleaf.ThymeleafAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The runnable ImmunoRisk server: a HAPI FHIR JPA R4 host ({@link HapiJpaServerConfig}) with the
 * ImmunoRisk plug-in ({@link ImmunoRiskPluginConfig}) added exactly as a third-party HAPI server would add it.
 */
// HAPI builds its own EntityManagerFactory (HapiEntityManagerFactoryUtil); Boot's would compete with it.
// Elasticsearch, Thymeleaf and Flyway arrive with HAPI's dependencies but are not used (HAPI manages its
// own schema; Flyway would refuse PostgreSQL without its database module).
@SpringBootApplication(exclude = {HibernateJpaAutoConfiguration.class, ThymeleafAutoConfiguration.class,
		ElasticsearchRestClientAutoConfiguration.class, FlywayAutoConfiguration.class})
@Import({HapiJpaServerConfig.class, ImmunoRiskPluginConfig.class})
public class ImmunoRiskServerApplication {

	/** The host's own configuration file name (immunorisk-server.yaml), so it never shadows a host's application.yaml. */
	public static final String CONFIG_NAME = "immunorisk-server";

	public static void main(String[] args) {
		builder().run(args);
	}

	public static SpringApplicationBuilder builder() {
		return new SpringApplicationBuilder(ImmunoRiskServerApplication.class)
				.properties("spring.config.name=" + CONFIG_NAME);
	}
}
