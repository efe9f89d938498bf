package org.immunorisk.benchmark;

/**
 * How a benchmark's {@code main} ends: it runs its body and then exits the JVM, 0 or 1. {@code exec:java} otherwise
 * waits for every non-daemon thread (a started server's) after the figures are printed.
 */
public final class BenchmarkMain {

	@FunctionalInterface
	public interface Body {
		void run(String[] args) throws Exception;
	}

	private BenchmarkMain() {}

	public static void runAndExit(String[] args, Body body) {
		int status = 1;
		try {
			body.run(args);
			status = 0;
		} catch (Exception e) {
			e.printStackTrace(); // a developer's command: the trace is what they need
		} finally {
			System.exit(status);
		}
	}
}
