package org.immunorisk.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** Real HTTP calls to a running server (java.net.http), as an integrator's client would make them. */
public final class Http {

	public record Response(int status, String body, String contentType, java.net.http.HttpHeaders headers) {

		/** The first value of a response header, or null. */
		public String header(String name) {
			return headers.firstValue(name).orElse(null);
		}
	}

	private static final HttpClient CLIENT = HttpClient.newHttpClient();
	private final String base;

	public Http(int port) {
		this.base = "http://localhost:" + port;
	}

	public String base() {
		return base;
	}

	public Response get(String path) {
		return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/fhir+json").GET());
	}

	public Response getHtml(String path) {
		return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/html").GET());
	}

	public Response post(String path, String contentType, String body) {
		return send(HttpRequest.newBuilder(URI.create(base + path))
				.header("Content-Type", contentType)
				.header("Accept", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
	}

	public Response put(String path, String body) {
		return send(HttpRequest.newBuilder(URI.create(base + path))
				.header("Content-Type", "application/fhir+json")
				.header("Accept", "application/fhir+json")
				.PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
	}

	/** Any request with the given headers (name, value, name, value …). */
	public Response send(String method, String path, String body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
				.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		for (int i = 0; i + 1 < headers.length; i += 2) {
			if (headers[i + 1] != null) {
				request.header(headers[i], headers[i + 1]);
			}
		}
		return send(request);
	}

	public java.net.http.HttpHeaders headersOf(String method, String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody());
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			return CLIENT.send(request.build(), HttpResponse.BodyHandlers.discarding()).headers();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/** A POST whose body has no declared length (chunked transfer encoding). */
	public Response postChunked(String path, String contentType, byte[] body) {
		Supplier<InputStream> stream = () -> new java.io.ByteArrayInputStream(body);
		return send(HttpRequest.newBuilder(URI.create(base + path))
				.header("Content-Type", contentType)
				.header("Accept", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofInputStream(stream)));
	}

	private static Response send(HttpRequest.Builder request) {
		// A bound, not a measurement: a request that hangs (as a crafted UCUM unit once did) fails the test
		// instead of stalling the suite.
		request.timeout(java.time.Duration.ofSeconds(120));
		try {
			HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(),
					response.headers().firstValue("Content-Type").orElse(""), response.headers());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}
}
