package org.immunorisk.cds;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * GETs from the CDS client's FHIR server ({@code fhirServer}, with the call's {@code fhirAuthorization} token),
 * for prefetch keys the client did not fill (CDS Hooks 2.0 §prefetch). The caller decides whether the URL may be
 * fetched at all ({@link TrustedIssuer#mayFetchFrom}); this class keeps each fetch bounded: 5 s connect and
 * response timeouts, a size limit, at most {@link #MAX_PAGES} pages per key, and no redirects (a redirect could
 * lead to a host the allow-list never admitted). The token goes only into the Authorization header, never into
 * a log line or an exception message.
 */
final class FhirServerFetch {

	static final int MAX_PAGES = 10;
	private static final int MAX_BYTES = 32 * 1024 * 1024;
	private static final Duration TIMEOUT = Duration.ofSeconds(5);
	private static final HttpClient CLIENT = HttpClient.newBuilder()
			.connectTimeout(TIMEOUT)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();

	private FhirServerFetch() {}

	/** A fetch that did not give a FHIR resource: unreachable, timed out, not 200, too large or not FHIR JSON. */
	static final class FetchFailed extends Exception {
		FetchFailed(String message) {
			super(message, null, false, false);
		}
	}

	/** The resource at {@code url}; a searchset's further pages are not followed here (see {@link #nextPage}). */
	static IBaseResource get(String url, String accessToken, FhirContext fhirContext) throws FetchFailed {
		HttpRequest request;
		try {
			request = HttpRequest.newBuilder(URI.create(url))
					.timeout(TIMEOUT)
					.header("Accept", "application/fhir+json")
					.header("Authorization", "Bearer " + accessToken)
					.GET()
					.build();
		} catch (IllegalArgumentException e) {
			throw new FetchFailed("not a URL");
		}
		try {
			HttpResponse<InputStream> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
			try (InputStream body = response.body()) {
				if (response.statusCode() != 200) {
					throw new FetchFailed("HTTP " + response.statusCode());
				}
				byte[] bytes = body.readNBytes(MAX_BYTES + 1);
				if (bytes.length > MAX_BYTES) {
					throw new FetchFailed("response larger than " + MAX_BYTES + " bytes");
				}
				return fhirContext.newJsonParser().parseResource(new String(bytes, StandardCharsets.UTF_8));
			}
		} catch (HttpTimeoutException e) {
			throw new FetchFailed("timed out");
		} catch (IOException e) {
			throw new FetchFailed("connection failed");
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new FetchFailed("interrupted");
		} catch (RuntimeException e) { // DataFormatException and friends: the server's answer is not FHIR JSON
			throw new FetchFailed("not a FHIR resource");
		}
	}

	/** The URL of a searchset's next page, or null. */
	static String nextPage(Bundle bundle) {
		Bundle.BundleLinkComponent next = bundle.getLink(Bundle.LINK_NEXT);
		return next == null || next.getUrl() == null || next.getUrl().isBlank() ? null : next.getUrl();
	}
}
