package org.immunorisk.conformance;

import ca.uhn.fhir.batch2.coordinator.JobDefinitionRegistry;
import ca.uhn.fhir.batch2.model.JobDefinition;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.model.DaoMethodOutcome;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.jpa.packages.PackageInstallationSpec;
import ca.uhn.fhir.jpa.packages.PackageInstallOutcomeJson;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import org.hl7.fhir.r4.model.MetadataResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

import java.util.List;

/**
 * Installs the ImmunoRisk profiles, terminology and the IG packages they build on into the server's own store
 * at start, idempotently: each file is written with its own id (PUT), so a restart duplicates nothing, an
 * unchanged file creates no new version, and an edited file updates its resource.
 */
public class ConformanceInstaller implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(ConformanceInstaller.class);
	private static final String REINDEX_JOB = "REINDEX";

	private final DaoRegistry daoRegistry;
	private final IPackageInstallerSvc packageInstaller;
	private final ISearchParamRegistry searchParamRegistry;
	private final JobDefinitionRegistry jobDefinitions;
	private final List<JobDefinition<?>> jobs;
	private final ConformanceContent content;

	public ConformanceInstaller(DaoRegistry daoRegistry, IPackageInstallerSvc packageInstaller,
			ISearchParamRegistry searchParamRegistry, JobDefinitionRegistry jobDefinitions, List<JobDefinition<?>> jobs,
			ConformanceContent content) {
		this.daoRegistry = daoRegistry;
		this.packageInstaller = packageInstaller;
		this.searchParamRegistry = searchParamRegistry;
		this.jobDefinitions = jobDefinitions;
		this.jobs = List.copyOf(jobs);
		this.content = content;
	}

	@Override
	public void afterSingletonsInstantiated() {
		// A new SearchParameter starts a REINDEX batch job. HAPI registers job definitions only when the context
		// has refreshed, after this runs, so register that one now (as the jpaserver-starter does); the others
		// are left to HAPI, which warns about every definition registered twice.
		jobs.stream().filter(job -> REINDEX_JOB.equals(job.getJobDefinitionId()))
				.forEach(jobDefinitions::addJobDefinitionIfNotRegistered);
		installPackage(ConformanceContent.GENOMICS_REPORTING);
		int created = 0;
		int updated = 0;
		for (MetadataResource resource : content.allResources()) {
			switch (install(resource)) {
				case CREATED -> created++;
				case UPDATED -> updated++;
				case UNCHANGED -> { }
			}
		}
		if (created + updated > 0) {
			// New search parameters take effect now, not at the registry's next scheduled refresh.
			searchParamRegistry.forceRefresh();
		}
		log.info("ImmunoRisk conformance content: {} resources ({} created, {} updated, the rest unchanged)",
				content.allResources().size(), created, updated);
	}

	/** What installing one resource did. */
	public enum Change { CREATED, UPDATED, UNCHANGED }

	@SuppressWarnings({"unchecked", "rawtypes"})
	public Change install(MetadataResource resource) {
		MetadataResource copy = resource.copy();
		copy.setId(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
		IFhirResourceDao dao = daoRegistry.getResourceDao(resource.fhirType());
		DaoMethodOutcome outcome = dao.update(copy, new SystemRequestDetails());
		if (Boolean.TRUE.equals(outcome.getCreated())) {
			return Change.CREATED;
		}
		return outcome.isNop() ? Change.UNCHANGED : Change.UPDATED;
	}

	/**
	 * The IG package goes into HAPI's package store (STORE_ONLY): its profiles are then resolvable by the
	 * server's own validation chain and listed by {@code GET /fhir/ImplementationGuide}-free package APIs,
	 * without indexing its hundreds of example and terminology resources as clinical data.
	 */
	private void installPackage(ConformanceContent.IgPackage igPackage) {
		PackageInstallationSpec spec = new PackageInstallationSpec()
				.setName(igPackage.name())
				.setVersion(igPackage.version())
				.setPackageContents(ConformanceContent.packageBytes(igPackage))
				.setInstallMode(PackageInstallationSpec.InstallModeEnum.STORE_ONLY);
		PackageInstallOutcomeJson outcome = packageInstaller.install(spec);
		log.info("IG package {}#{}: {}", igPackage.name(), igPackage.version(), outcome.getMessage());
	}
}
