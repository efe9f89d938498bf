package org.immunorisk.cds;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;

import java.net.MalformedURLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The JWKS of each trusted issuer, fetched from its allow-listed URL with short timeouts and a size limit,
 * cached and refreshed by nimbus (a new {@code kid} triggers a refetch, rate-limited), so a key rotation at the
 * EHR is picked up without a restart and a slow JWKS host cannot hold request threads. An issuer with keys held
 * in memory ({@link TrustedIssuer#localKeys()}) is answered from them.
 */
public final class IssuerKeySets implements Function<TrustedIssuer, JWKSet> {

	private static final int CONNECT_TIMEOUT_MS = 2_000;
	private static final int READ_TIMEOUT_MS = 2_000;
	private static final int MAX_JWKS_BYTES = 64 * 1024;

	private final Map<String, JWKSource<SecurityContext>> sources = new ConcurrentHashMap<>();

	@Override
	public JWKSet apply(TrustedIssuer issuer) {
		JWKSource<SecurityContext> source = issuer.localKeys() != null ? issuer.localKeys()
				: sources.computeIfAbsent(issuer.iss(), iss -> build(issuer));
		try {
			return new JWKSet(source.get(new JWKSelector(new JWKMatcher.Builder().build()), null));
		} catch (KeySourceException e) {
			throw new CdsUnauthorizedException("JWKS of " + issuer.iss() + " unavailable", e);
		}
	}

	private static JWKSource<SecurityContext> build(TrustedIssuer issuer) {
		try {
			return JWKSourceBuilder.create(issuer.jwksUrl().toURL(),
							new DefaultResourceRetriever(CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS, MAX_JWKS_BYTES))
					.retrying(false)
					.build();
		} catch (MalformedURLException e) {
			throw new IllegalStateException("jwks-url of " + issuer.iss() + " is not a URL: " + issuer.jwksUrl(), e);
		}
	}
}
