package org.immunorisk.plugin;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Refuses request bodies over the configured limit with 413 before anything parses them: an OperationOutcome at
 * the FHIR endpoint, the CDS Hooks JSON error at {@code /cds-services}. A declared Content-Length is checked
 * without reading; a chunked body is read only up to the limit, so a client cannot make the server buffer
 * gigabytes.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

	/** Writes the 413 answer in the shape of the endpoint it guards. */
	@FunctionalInterface
	public interface Refusal {
		void write(HttpServletResponse response, String message) throws IOException;
	}

	private final long maxBytes;
	private final Refusal refusal;

	/** For the FHIR endpoint: the 413 is an OperationOutcome. */
	public RequestBodyLimitFilter(FhirContext fhirContext, long maxBytes) {
		this(maxBytes, (response, message) -> {
			OperationOutcome outcome = new OperationOutcome();
			outcome.addIssue()
					.setSeverity(OperationOutcome.IssueSeverity.ERROR)
					.setCode(OperationOutcome.IssueType.TOOLONG)
					.setDiagnostics(message + " Split the bundle into smaller transactions.");
			response.setContentType("application/fhir+json;charset=UTF-8");
			response.getWriter().write(fhirContext.newJsonParser().encodeResourceToString(outcome));
		});
	}

	public RequestBodyLimitFilter(long maxBytes, Refusal refusal) {
		this.maxBytes = Math.min(maxBytes, Integer.MAX_VALUE - 16);
		this.refusal = refusal;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long declared = request.getContentLengthLong();
		if (declared > maxBytes) {
			refuse(response, declared + " bytes");
			return;
		}
		if (declared < 0 && mayHaveBody(request)) {
			byte[] body = request.getInputStream().readNBytes((int) maxBytes + 1);
			if (body.length > maxBytes) {
				refuse(response, "more than " + maxBytes + " bytes");
				return;
			}
			chain.doFilter(new BufferedBodyRequest(request, body), response);
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean mayHaveBody(HttpServletRequest request) {
		String method = request.getMethod();
		return "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method);
	}

	private void refuse(HttpServletResponse response, String size) throws IOException {
		response.setStatus(413);
		response.setHeader("Connection", "close");
		refusal.write(response, "Request body of " + size + " exceeds the limit of " + maxBytes
				+ " bytes (immunorisk.limits.max-request-bytes).");
	}

	/** The request with its (already read, bounded) body served from memory. */
	private static final class BufferedBodyRequest extends HttpServletRequestWrapper {
		private final byte[] body;

		BufferedBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public int getContentLength() {
			return body.length;
		}

		@Override
		public long getContentLengthLong() {
			return body.length;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(body);
			return new ServletInputStream() {
				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("synchronous reads only");
				}

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}
			};
		}

		@Override
		public BufferedReader getReader() {
			String encoding = getCharacterEncoding() != null ? getCharacterEncoding() : StandardCharsets.UTF_8.name();
			return new BufferedReader(new InputStreamReader(getInputStream(), java.nio.charset.Charset.forName(encoding)));
		}
	}
}
