package org.immunorisk.cds;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;

import java.net.MalformedURLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JWKS of each trusted issuer, fetched from its allow-listed URL with short timeouts and a size limit, and
 * cached by nimbus (5 min). Keys are looked up by {@code kid}: a {@code kid} the cached set lacks makes nimbus
 * refetch the set once (rate-limited to two fetches per 30 s per issuer), so a key rotation at the EHR is picked
 * up without a restart, while tokens with made-up {@code kid}s cannot make the service hammer the EHR's JWKS
 * host, and a slow JWKS host cannot hold request threads.
 * An issuer with keys held in memory ({@link TrustedIssuer#localKeys()}) is answered from them.
 */
public final class IssuerKeySets implements CdsJwtVerifier.KeySource {

	private static final int CONNECT_TIMEOUT_MS = 2_000;
	private static final int READ_TIMEOUT_MS = 2_000;
	private static final int MAX_JWKS_BYTES = 64 * 1024;

	private final Map<String, JWKSource<SecurityContext>> sources = new ConcurrentHashMap<>();

	@Override
	public JWK key(TrustedIssuer issuer, String kid) {
		JWKSource<SecurityContext> source = issuer.localKeys() != null ? issuer.localKeys()
				: sources.computeIfAbsent(issuer.iss(), iss -> build(issuer));
		try {
			// Selecting by kid (not "all keys") is what makes nimbus refetch on a kid it has not seen.
			List<JWK> keys = source.get(new JWKSelector(new JWKMatcher.Builder().keyID(kid).build()), null);
			return keys.isEmpty() ? null : keys.get(0);
		} catch (KeySourceException e) {
			throw new CdsUnauthorizedException("JWKS of " + issuer.iss() + " unavailable (" + e.getClass().getSimpleName() + ")", e);
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
