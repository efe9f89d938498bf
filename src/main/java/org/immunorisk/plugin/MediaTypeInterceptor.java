package org.immunorisk.plugin;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Locale;
import java.util.Set;

/**
 * Answers a body in a media type the FHIR endpoint cannot read with 415 Unsupported Media Type (HAPI on its
 * own says 400), so a client learns that the Content-Type, not the content, is wrong. Binary is exempt: its
 * body may be any media type.
 */
@Interceptor
public class MediaTypeInterceptor {

	private static final Set<String> READABLE = Set.of(
			"application/fhir+json", "application/json", "application/json+fhir",
			"application/fhir+xml", "application/xml", "application/xml+fhir", "text/xml",
			"application/x-www-form-urlencoded", // POST _search
			"application/json-patch+json", "application/xml-patch+xml"); // PATCH

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
	public boolean checkContentType(HttpServletRequest request) {
		String method = request.getMethod();
		boolean hasBody = ("POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method))
				&& request.getContentLengthLong() != 0;
		String contentType = request.getContentType();
		if (!hasBody || contentType == null || isBinary(request)) {
			return true;
		}
		String mediaType = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
		if (!READABLE.contains(mediaType)) {
			throw new UnclassifiedServerFailureException(415, "Unsupported Content-Type '" + mediaType
					+ "': send FHIR resources as application/fhir+json or application/fhir+xml");
		}
		return true;
	}

	private static boolean isBinary(HttpServletRequest request) {
		String path = request.getPathInfo();
		return path != null && (path.startsWith("/Binary") || path.contains("/$binary-access"));
	}
}
