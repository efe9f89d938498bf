package org.immunorisk.cds;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * CORS for the CDS Hooks endpoints, for browser-based CDS clients (CDS Hooks 2.0 §CORS, OWASP): only origins
 * named in {@code immunorisk.cds.allowed-origins} get an {@code Access-Control-Allow-Origin}, and it is that
 * origin, never {@code *}. A preflight is answered here, before the JWT check (browsers send no Authorization
 * header on a preflight); a preflight from any other origin gets 403 and no CORS headers.
 */
public final class CdsCorsFilter extends OncePerRequestFilter {

	private final Set<String> allowedOrigins;

	public CdsCorsFilter(List<String> allowedOrigins) {
		this.allowedOrigins = Set.copyOf(allowedOrigins);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String origin = request.getHeader("Origin");
		if (origin == null) {
			chain.doFilter(request, response);
			return;
		}
		response.addHeader("Vary", "Origin");
		boolean allowed = allowedOrigins.contains(origin);
		boolean preflight = "OPTIONS".equals(request.getMethod()) && request.getHeader("Access-Control-Request-Method") != null;
		if (allowed) {
			response.setHeader("Access-Control-Allow-Origin", origin);
		}
		if (!preflight) {
			chain.doFilter(request, response); // a disallowed origin's browser cannot read the answer
			return;
		}
		if (!allowed) {
			response.setStatus(HttpServletResponse.SC_FORBIDDEN);
			response.setContentType("application/json");
			response.getWriter().write("{\"error\":\"cors-origin-not-allowed\",\"message\":\"This origin may not call the CDS service from a browser\"}");
			return;
		}
		response.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
		response.setHeader("Access-Control-Allow-Headers", "authorization, content-type");
		response.setHeader("Access-Control-Max-Age", "600");
		response.setStatus(HttpServletResponse.SC_NO_CONTENT);
	}
}
