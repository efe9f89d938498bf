package org.immunorisk.conformance;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The clinical conformance content ImmunoRisk ships: its StructureDefinitions ({@code fhir-profiles/}), its
 * terminology ({@code terminology/}) and the FHIR IG packages they build on. Read once from the classpath,
 * where the build copies those folders ({@code immunorisk/...}).
 */
public final class ConformanceContent {

	/** Every ImmunoRisk canonical URL starts here. */
	public static final String CANONICAL_BASE = "https://immunorisk.org/fhir/";

	/** The HL7 Genomics Reporting IG the genomic profiles derive from (fetched by the build from npm). */
	public static final IgPackage GENOMICS_REPORTING =
			new IgPackage("hl7.fhir.uv.genomics-reporting", "3.0.0", "immunorisk/packages/hl7.fhir.uv.genomics-reporting-3.0.0.tgz");

	public record IgPackage(String name, String version, String classpathLocation) {}

	private final List<StructureDefinition> profiles;
	private final List<SearchParameter> searchParameters;
	private final List<MetadataResource> terminology;

	private ConformanceContent(List<StructureDefinition> profiles, List<SearchParameter> searchParameters,
			List<MetadataResource> terminology) {
		this.profiles = List.copyOf(profiles);
		this.searchParameters = List.copyOf(searchParameters);
		this.terminology = List.copyOf(terminology);
	}

	public static ConformanceContent fromClasspath(FhirContext fhirContext) {
		List<StructureDefinition> profiles = new ArrayList<>();
		List<SearchParameter> searchParameters = new ArrayList<>();
		for (IBaseResource resource : parseAll(fhirContext, "classpath*:immunorisk/fhir-profiles/*.json")) {
			if (resource instanceof StructureDefinition structureDefinition) {
				profiles.add(structureDefinition);
			} else if (resource instanceof SearchParameter searchParameter) {
				searchParameters.add(searchParameter);
			} else {
				throw new IllegalStateException("fhir-profiles/ holds only StructureDefinitions and SearchParameters, found "
						+ resource.fhirType() + " " + resource.getIdElement().getIdPart());
			}
		}
		List<MetadataResource> terminology = new ArrayList<>();
		for (IBaseResource resource : parseAll(fhirContext, "classpath*:immunorisk/terminology/*.json")) {
			if (resource instanceof MetadataResource metadataResource) {
				terminology.add(metadataResource);
			} else {
				throw new IllegalStateException("terminology/ holds only CodeSystems, ValueSets and ConceptMaps, found "
						+ resource.fhirType());
			}
		}
		return new ConformanceContent(profiles, searchParameters, terminology);
	}

	private static List<IBaseResource> parseAll(FhirContext fhirContext, String pattern) {
		try {
			Resource[] files = new PathMatchingResourcePatternResolver().getResources(pattern);
			List<IBaseResource> parsed = new ArrayList<>();
			for (Resource file : sortedByName(files)) {
				try (InputStream in = file.getInputStream()) {
					String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
					parsed.add(fhirContext.newJsonParser().parseResource(json));
				} catch (RuntimeException e) {
					throw new IllegalStateException("Cannot parse " + file.getFilename() + ": " + e.getMessage(), e);
				}
			}
			return parsed;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static List<Resource> sortedByName(Resource[] files) {
		List<Resource> sorted = new ArrayList<>(List.of(files));
		sorted.sort(Comparator.comparing(r -> String.valueOf(r.getFilename())));
		return sorted;
	}

	public List<StructureDefinition> profiles() {
		return profiles;
	}

	/** CodeSystems first, then ValueSets, then ConceptMaps: the order a store needs to index them. */
	public List<MetadataResource> terminology() {
		List<MetadataResource> ordered = new ArrayList<>(terminology);
		ordered.sort(Comparator.comparing(r -> switch (r.fhirType()) {
			case "CodeSystem" -> 0;
			case "ValueSet" -> 1;
			default -> 2;
		}));
		return ordered;
	}

	/** SearchParameters R4 lacks (e.g. RiskAssessment by outcome). */
	public List<SearchParameter> searchParameters() {
		return searchParameters;
	}

	/** Profiles, search parameters and terminology together, in installation order. */
	public List<MetadataResource> allResources() {
		List<MetadataResource> all = new ArrayList<>(terminology());
		all.addAll(profiles);
		all.addAll(searchParameters);
		return all;
	}

	public static boolean isImmunoRiskCanonical(String url) {
		return url != null && url.startsWith(CANONICAL_BASE);
	}

	public static byte[] packageBytes(IgPackage igPackage) {
		try (InputStream in = ConformanceContent.class.getClassLoader().getResourceAsStream(igPackage.classpathLocation())) {
			if (in == null) {
				throw new IllegalStateException("IG package " + igPackage.name() + "#" + igPackage.version()
						+ " is not on the classpath at " + igPackage.classpathLocation()
						+ " (the Maven build downloads it in generate-resources)");
			}
			return in.readAllBytes();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
