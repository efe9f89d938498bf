package org.immunorisk.plugin;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Refuses request bodies larger than the configured limit with 413 and an OperationOutcome, before HAPI
 * parses them: an oversized transaction bundle must not reach the database or exhaust memory.
 */
@Interceptor
public class RequestSizeLimitInterceptor {

	private final long maxBytes;

	public RequestSizeLimitInterceptor(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	/** Declared length: refused without reading the body. */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
	public boolean checkDeclaredLength(HttpServletRequest request) {
		long declared = request.getContentLengthLong();
		if (declared > maxBytes) {
			throw tooLarge(declared);
		}
		return true;
	}

	/** Chunked bodies carry no length: measure what was read (HAPI buffers the body once anyway). */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public boolean checkActualLength(RequestDetails requestDetails, HttpServletRequest request) {
		if (request.getContentLengthLong() < 0 && hasBody(request)) {
			byte[] body = requestDetails.loadRequestContents();
			if (body != null && body.length > maxBytes) {
				throw tooLarge(body.length);
			}
		}
		return true;
	}

	private static boolean hasBody(HttpServletRequest request) {
		String method = request.getMethod();
		return "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method);
	}

	private PayloadTooLargeException tooLarge(long size) {
		return new PayloadTooLargeException("Request body of " + size + " bytes exceeds the limit of " + maxBytes
				+ " bytes (immunorisk.limits.max-request-bytes). Split the bundle into smaller transactions.");
	}
}
