package org.immunorisk.cds;

/**
 * A CDS Hooks call whose JWT does not verify. The reason is for the server log (never with the token); the
 * client gets a bare 401, so a probe learns nothing about which check failed.
 */
public final class CdsUnauthorizedException extends RuntimeException {

	public CdsUnauthorizedException(String reason) {
		super(reason);
	}

	public CdsUnauthorizedException(String reason, Throwable cause) {
		super(reason, cause);
	}
}
