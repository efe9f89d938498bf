package org.immunorisk.testsupport;

import org.immunorisk.server.ImmunoRiskServerApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** One start of the real server with given properties, for tests that restart it or change its database. */
public final class ServerRun implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private ServerRun(ConfigurableApplicationContext context) {
		this.context = context;
	}

	public static ServerRun start(String... properties) {
		String[] args = new String[properties.length + 1];
		args[0] = "--server.port=0";
		for (int i = 0; i < properties.length; i++) {
			args[i + 1] = "--" + properties[i];
		}
		return new ServerRun(ImmunoRiskServerApplication.builder().run(args));
	}

	public Http http() {
		return new Http(((WebServerApplicationContext) context).getWebServer().getPort());
	}

	public <T> T bean(Class<T> type) {
		return context.getBean(type);
	}

	@Override
	public void close() {
		context.close();
	}
}
