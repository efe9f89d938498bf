package org.immunorisk.cds;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The CDS services shipped in {@code cds-hooks/services/}, loaded once at start. */
public final class CdsServiceCatalog {

	private static final Set<String> HOOKS = Set.of("patient-view", "order-select", "order-sign");

	private final Map<String, CdsServiceDescriptor> services;

	private CdsServiceCatalog(Map<String, CdsServiceDescriptor> services) {
		this.services = Map.copyOf(services);
	}

	public static CdsServiceCatalog fromClasspath() {
		ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
		Map<String, CdsServiceDescriptor> services = new LinkedHashMap<>();
		try {
			Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:immunorisk/cds-hooks/services/*.json");
			for (Resource file : Arrays.stream(files).sorted(Comparator.comparing(r -> String.valueOf(r.getFilename()))).toList()) {
				try (InputStream in = file.getInputStream()) {
					CdsServiceDescriptor service = json.readValue(in, CdsServiceDescriptor.class);
					if (!HOOKS.contains(service.hook())) {
						throw new IllegalStateException(file.getFilename() + ": unsupported hook " + service.hook());
					}
					service.earnsCard(org.immunorisk.models.RiskLevel.HIGH); // fails fast on an unknown minimumRisk
					if (!service.hook().equals("patient-view") && service.triggers().isEmpty()) {
						throw new IllegalStateException(file.getFilename() + ": an order service needs triggers");
					}
					if (services.put(service.id(), service) != null) {
						throw new IllegalStateException("Two CDS services with id " + service.id());
					}
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return new CdsServiceCatalog(services);
	}

	public List<CdsServiceDescriptor> all() {
		return List.copyOf(services.values());
	}

	public Optional<CdsServiceDescriptor> find(String id) {
		return Optional.ofNullable(services.get(id));
	}
}
