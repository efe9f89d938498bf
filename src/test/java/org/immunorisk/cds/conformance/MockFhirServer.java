package org.immunorisk.cds.conformance;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The CDS client's FHIR server in the conformance suite ({@code fhirServer} of a call): answers what a test told it
 * to, 404 with an OperationOutcome otherwise, and records every request it receives exactly as it arrived (raw
 * path and query, Authorization header), so a test can assert what the service fetched, with which token, and
 * that it fetched nothing at all.
 */
final class MockFhirServer implements AutoCloseable {

	/** One request as received. */
	record Received(String method, String pathAndQuery, String authorization) {}

	private record Answer(int status, String body, String location) {}

	private final HttpServer server;
	private final List<Received> received = new CopyOnWriteArrayList<>();
	private final Map<String, Answer> answers = new ConcurrentHashMap<>();

	MockFhirServer() {
		try {
			server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
		server.createContext("/", exchange -> {
			String pathAndQuery = exchange.getRequestURI().getRawPath()
					+ (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
			received.add(new Received(exchange.getRequestMethod(), pathAndQuery,
					exchange.getRequestHeaders().getFirst("Authorization")));
			Answer answer = answers.getOrDefault(pathAndQuery, new Answer(404,
					"{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"not-found\"}]}", null));
			byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
			if (answer.location() != null) {
				exchange.getResponseHeaders().add("Location", answer.location());
			}
			exchange.sendResponseHeaders(answer.status(), body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
	}

	/** The base URL under the name the test EHR's allow-list admits ({@code http://localhost:}). */
	String base() {
		return "http://localhost:" + port() + "/fhir";
	}

	int port() {
		return server.getAddress().getPort();
	}

	/** Answer GET {@code /fhir/<relative>} (raw, as the service must send it) with this status and body. */
	void answer(String relative, int status, String body) {
		answers.put("/fhir/" + relative, new Answer(status, body, null));
	}

	/** Answer GET {@code /fhir/<relative>} with a 302 to {@code location}. */
	void redirect(String relative, String location) {
		answers.put("/fhir/" + relative, new Answer(302, "", location));
	}

	/** Every request received whose raw path and query starts with {@code /fhir/<relative>}. */
	List<Received> received(String relative) {
		return received.stream().filter(r -> r.pathAndQuery().startsWith("/fhir/" + relative)).toList();
	}

	/** Every request received since the server started. */
	List<Received> received() {
		return List.copyOf(received);
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
