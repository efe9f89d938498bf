package org.immunorisk.training.local;

/**
 * Bad input to the local-data trainer (arguments, mapping, data): the message is the whole report, written for the
 * person who prepared the file, so the command prints it without a stack trace and exits non-zero.
 */
public final class LocalTrainingException extends RuntimeException {

	public LocalTrainingException(String message) {
		super(message, null, false, false); // no stack trace: it would only hide the message
	}
}
