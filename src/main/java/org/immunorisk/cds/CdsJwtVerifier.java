package org.immunorisk.cds;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Verifies the JWT a CDS client sends with every CDS Hooks 2.0 call (Authorization: Bearer): {@code typ} JWT,
 * signed with ES384 or RS384 ({@code none} and HMAC refused), by a key of an allow-listed issuer's JWKS (selected
 * by {@code kid}, of the header's algorithm; a {@code jku} only if it is that issuer's allow-listed URL),
 * {@code aud} equal to the URL called (exact string, or one of an array), {@code exp} and {@code iat} within a
 * small clock skew and at most {@link #MAX_LIFETIME} apart, and a {@code jti} not seen before (replay cache
 * until expiry). Requirements: docs/cds-hooks-2.0-checklist.md (security). The token itself is never logged.
 */
public final class CdsJwtVerifier {

	/** CDS Hooks 2.0: "ES384 or RS384"; nothing else is accepted. */
	static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES384, JWSAlgorithm.RS384);

	/**
	 * Longest accepted {@code exp - iat} (plus the skew): a CDS client mints a token per call, so a long-lived one
	 * is either a mistake or a token kept for replay elsewhere (best practice: short-lived tokens).
	 */
	static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

	/** The public key with this {@code kid} in the issuer's JWKS, or null when there is none. */
	@FunctionalInterface
	public interface KeySource {
		JWK key(TrustedIssuer issuer, String kid);
	}

	private final Function<String, TrustedIssuer> issuers;
	private final KeySource jwks;
	private final Clock clock;
	private final Duration skew;
	private final Cache<String, Instant> seenTokenIds;

	/**
	 * @param issuers the allow-list
	 * @param jwks    the issuers' keys by kid (cached and refreshed by the implementation)
	 * @param clock   time source
	 * @param skew    tolerated clock difference for exp and iat
	 */
	public CdsJwtVerifier(List<TrustedIssuer> issuers, KeySource jwks, Clock clock, Duration skew) {
		this(issuers.stream().collect(Collectors.toUnmodifiableMap(TrustedIssuer::iss, i -> i))::get, jwks, clock, skew);
	}

	/**
	 * @param issuers the allow-list as a look-up by {@code iss} (null = not trusted): for an issuer whose {@code iss}
	 *                is known only once the server listens (the sandbox client's, which contains the port)
	 */
	public CdsJwtVerifier(Function<String, TrustedIssuer> issuers, KeySource jwks, Clock clock, Duration skew) {
		this.issuers = issuers;
		this.jwks = jwks;
		this.clock = clock;
		this.skew = skew;
		this.seenTokenIds = Caffeine.newBuilder()
				.maximumSize(1_000_000)
				.expireAfter(new Expiry<String, Instant>() {
					@Override
					public long expireAfterCreate(String jti, Instant expiresAt, long currentTime) {
						return Math.max(0, Duration.between(clock.instant(), expiresAt.plus(skew)).toNanos());
					}

					@Override
					public long expireAfterUpdate(String jti, Instant expiresAt, long currentTime, long currentDuration) {
						return currentDuration;
					}

					@Override
					public long expireAfterRead(String jti, Instant expiresAt, long currentTime, long currentDuration) {
						return currentDuration;
					}
				})
				.build();
	}

	/** The trusted issuer a verified token came from. */
	public TrustedIssuer issuer(JWTClaimsSet claims) {
		return claims.getIssuer() == null ? null : issuers.apply(claims.getIssuer());
	}

	/** The verified claims of the Bearer token, or {@link CdsUnauthorizedException} saying (for the log) why not. */
	public JWTClaimsSet verify(String authorizationHeader, String audience) {
		try {
			return check(authorizationHeader, audience);
		} catch (CdsUnauthorizedException e) {
			throw e;
		} catch (RuntimeException e) { // a claim of an unexpected JSON type, and the like: a refusal, never a 500
			throw new CdsUnauthorizedException("malformed token (" + e.getClass().getSimpleName() + ")");
		}
	}

	private JWTClaimsSet check(String authorizationHeader, String audience) {
		if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
			throw new CdsUnauthorizedException("no Bearer token");
		}
		SignedJWT jwt = parse(authorizationHeader.substring(7).trim());
		JWSHeader header = jwt.getHeader();
		if (!ALGORITHMS.contains(header.getAlgorithm())) {
			throw new CdsUnauthorizedException("algorithm " + header.getAlgorithm() + " not allowed");
		}
		if (header.getType() == null || !"JWT".equals(header.getType().getType())) { // strict, as Inferno checks
			throw new CdsUnauthorizedException("typ " + header.getType() + " is not JWT");
		}
		JWTClaimsSet claims = claims(jwt);
		if (claims.getIssuer() == null) {
			throw new CdsUnauthorizedException("no iss");
		}
		TrustedIssuer issuer = issuers.apply(claims.getIssuer());
		if (issuer == null) {
			throw new CdsUnauthorizedException("issuer " + claims.getIssuer() + " is not trusted");
		}
		if (header.getJWKURL() != null && !header.getJWKURL().equals(issuer.jwksUrl())) {
			throw new CdsUnauthorizedException("jku " + header.getJWKURL() + " is not the allow-listed JWKS of " + issuer.iss());
		}
		if (header.getKeyID() == null || header.getKeyID().isBlank()) {
			throw new CdsUnauthorizedException("no kid in the JWT header");
		}
		JWK key = jwks.key(issuer, header.getKeyID());
		if (key == null) {
			throw new CdsUnauthorizedException("kid " + header.getKeyID() + " not in the JWKS of " + issuer.iss());
		}
		if ((key.getAlgorithm() != null && !key.getAlgorithm().equals(header.getAlgorithm()))
				|| (key.getKeyUse() != null && !key.getKeyUse().equals(KeyUse.SIGNATURE))) {
			throw new CdsUnauthorizedException("key " + header.getKeyID() + " is not for " + header.getAlgorithm() + " signatures");
		}
		if (!verifies(jwt, key)) {
			throw new CdsUnauthorizedException("signature does not verify");
		}
		checkTimes(claims);
		if (claims.getAudience() == null || !claims.getAudience().contains(audience)) {
			throw new CdsUnauthorizedException("aud " + claims.getAudience() + " is not " + audience);
		}
		String jti = claims.getJWTID();
		if (jti == null || jti.isBlank()) {
			throw new CdsUnauthorizedException("no jti");
		}
		Instant expiresAt = claims.getExpirationTime().toInstant();
		if (seenTokenIds.asMap().putIfAbsent(issuer.iss() + "|" + jti, expiresAt) != null) {
			throw new CdsUnauthorizedException("jti replayed");
		}
		return claims;
	}

	private static SignedJWT parse(String token) {
		try {
			return SignedJWT.parse(token); // an unsigned ("alg": "none") token is not a SignedJWT: refused here
		} catch (ParseException | RuntimeException e) {
			throw new CdsUnauthorizedException("not a signed JWT");
		}
	}

	private static JWTClaimsSet claims(SignedJWT jwt) {
		try {
			return jwt.getJWTClaimsSet();
		} catch (ParseException e) {
			throw new CdsUnauthorizedException("unreadable claims");
		}
	}

	private static final java.security.Provider BOUNCY_CASTLE = new org.bouncycastle.jce.provider.BouncyCastleProvider();

	private static boolean verifies(SignedJWT jwt, JWK key) {
		try {
			JWSVerifier verifier;
			if (key instanceof ECKey ec && jwt.getHeader().getAlgorithm().equals(JWSAlgorithm.ES384)) {
				ECDSAVerifier ecdsa = new ECDSAVerifier(ec);
				// BouncyCastle verifies P-384 about 2.5x faster than Java 17's SunEC (0.9 vs 2.3 ms per token on this
				// 2-core machine; see docs/benchmarks.md), and ES384 verification was two thirds of a
				// patient-view call's CPU. The provider is used only here, never registered JVM-wide.
				ecdsa.getJCAContext().setProvider(BOUNCY_CASTLE);
				verifier = ecdsa;
			} else if (key instanceof RSAKey rsa && jwt.getHeader().getAlgorithm().equals(JWSAlgorithm.RS384)) {
				verifier = new RSASSAVerifier(rsa);
			} else {
				return false; // key type and algorithm disagree
			}
			return jwt.verify(verifier);
		} catch (JOSEException e) {
			return false;
		}
	}

	private void checkTimes(JWTClaimsSet claims) {
		Instant now = clock.instant();
		Date exp = claims.getExpirationTime();
		Date iat = claims.getIssueTime();
		if (exp == null || iat == null) {
			throw new CdsUnauthorizedException("exp and iat are required");
		}
		if (exp.toInstant().plus(skew).isBefore(now)) {
			throw new CdsUnauthorizedException("expired");
		}
		if (iat.toInstant().minus(skew).isAfter(now)) {
			throw new CdsUnauthorizedException("issued in the future");
		}
		if (exp.before(iat) || Duration.between(iat.toInstant(), exp.toInstant()).compareTo(MAX_LIFETIME.plus(skew)) > 0) {
			throw new CdsUnauthorizedException("lifetime exp - iat is over " + MAX_LIFETIME.toSeconds() + " s");
		}
	}
}
