package org.immunorisk.modelcards;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a model's card is served: {@code <base>/model-cards/<id>}. The base is the server's external base URL
 * ({@code immunorisk.cds.public-base-url}); the links are written into stored resources (Library, RiskAssessment)
 * and into CDS cards shown in another system, so they must be absolute and must name the server as its users reach
 * it, not as a request happened to arrive.
 */
public record ModelCardLinks(String base) {

	public static final String PATH = "/model-cards";

	public ModelCardLinks {
		base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
	}

	public String url(String modelId) {
		return base + PATH + "/" + URLEncoder.encode(modelId, StandardCharsets.UTF_8);
	}
}
