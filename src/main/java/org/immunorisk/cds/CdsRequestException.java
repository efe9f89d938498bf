package org.immunorisk.cds;

/**
 * A CDS Hooks call the service refuses with a JSON error ({@code {"error": code, "message": text}}): the status
 * (400, 404, 405, 412, 413, 415) tells the client what to change, the message says which field. The message is
 * written for the client, so it never quotes the JWT or the fhirAuthorization token.
 */
final class CdsRequestException extends RuntimeException {

	private final int status;
	private final String code;

	CdsRequestException(int status, String code, String message) {
		super(message, null, false, false); // no stack trace: an expected answer, not a fault
		this.status = status;
		this.code = code;
	}

	static CdsRequestException badRequest(String message) {
		return new CdsRequestException(400, "bad-request", message);
	}

	static CdsRequestException preconditionFailed(String message) {
		return new CdsRequestException(412, "prefetch-unavailable", message);
	}

	int status() {
		return status;
	}

	String code() {
		return code;
	}
}
