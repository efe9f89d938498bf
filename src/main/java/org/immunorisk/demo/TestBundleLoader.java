package org.immunorisk.demo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Loads the test bundles ({@code test-bundles/}) as demonstration data when {@code immunorisk.demo-data.load}
 * is on. The bundles use PUT with fixed ids, so loading them at every start changes nothing after the first.
 * They go through the same validation as any client's transaction.
 */
public class TestBundleLoader {

	private static final Logger log = LoggerFactory.getLogger(TestBundleLoader.class);

	private final FhirContext fhirContext;
	private final IFhirSystemDao<?, ?> systemDao;
	private final boolean enabled;

	public TestBundleLoader(FhirContext fhirContext, IFhirSystemDao<?, ?> systemDao, boolean enabled) {
		this.fhirContext = fhirContext;
		this.systemDao = systemDao;
		this.enabled = enabled;
	}

	/** The shipped test bundles, by file name. */
	public static List<Resource> bundleFiles() {
		try {
			Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:immunorisk/test-bundles/*.json");
			return Arrays.stream(files).sorted(Comparator.comparing(r -> String.valueOf(r.getFilename()))).toList();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@EventListener(ApplicationReadyEvent.class)
	public void loadWhenEnabled() {
		if (!enabled) {
			return;
		}
		int loaded = 0;
		for (Resource file : bundleFiles()) {
			try (InputStream in = file.getInputStream()) {
				Bundle bundle = fhirContext.newJsonParser().parseResource(Bundle.class, new String(in.readAllBytes(), StandardCharsets.UTF_8));
				load(bundle);
				loaded++;
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			} catch (RuntimeException e) {
				// A shipped bundle that fails is a defect: say which, keep the server up for the others.
				log.error("Test bundle {} was refused: {}", file.getFilename(), e.getMessage());
			}
		}
		log.info("Demo data: loaded {} test bundles", loaded);
	}

	@SuppressWarnings({"unchecked", "rawtypes"})
	private void load(Bundle bundle) {
		((IFhirSystemDao) systemDao).transaction(new SystemRequestDetails(), bundle);
	}
}
