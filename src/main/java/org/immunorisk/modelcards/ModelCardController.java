package org.immunorisk.modelcards;

import org.immunorisk.models.ModelDescription;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Serves the model cards that the model catalogue (Library.relatedArtifact), RiskAssessment notes and CDS cards
 * link to: {@code GET /model-cards/} lists every model, {@code /model-cards/<id>} is a card as a web page,
 * {@code /model-cards/<id>.md} the same card as markdown, {@code /model-cards/<file>.png} its plots. Cards describe
 * models, not patients, so they are readable without authentication, like the catalogue. Unknown names are 404.
 */
@RestController
public class ModelCardController {

	/** A card page shows text and its own images, nothing else: no script, no external fetch. */
	private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self' data:; style-src 'self'; "
			+ "form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
	private static final MediaType MARKDOWN = new MediaType("text", "markdown", StandardCharsets.UTF_8);
	private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);
	private static final String STYLE = """
			body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#1b1b1b}
			table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left}
			code{background:#f3f3f3;padding:0 .2rem}img{max-width:100%}nav{margin-bottom:1rem;font-size:.9rem}
			.kind{color:#555;font-size:.9rem}
			""";

	private final ModelCards cards;

	public ModelCardController(ModelCards cards) {
		this.cards = cards;
	}

	/** The index lives at the folder URL, so that its links (relative: a host server may mount us under a path) resolve. */
	@GetMapping(ModelCardLinks.PATH)
	public ResponseEntity<Void> folder(jakarta.servlet.http.HttpServletRequest request) {
		return ResponseEntity.status(HttpStatus.FOUND)
				.header(org.springframework.http.HttpHeaders.LOCATION, request.getContextPath() + ModelCardLinks.PATH + "/").build();
	}

	@GetMapping(ModelCardLinks.PATH + "/")
	public ResponseEntity<String> index() {
		StringBuilder body = new StringBuilder("<h1>ImmunoRisk model cards</h1>\n<p>Every model this server runs. ")
				.append("Models marked <em>synthetic</em> are demonstrations trained on synthetic data: not clinically ")
				.append("validated.</p>\n<ul>\n");
		for (ModelDescription model : cards.models()) {
			body.append("<li><a href=\"").append(HtmlUtils.htmlEscape(model.id()))
					.append("\">").append(HtmlUtils.htmlEscape(model.title())).append("</a> <span class=\"kind\">")
					.append(HtmlUtils.htmlEscape(model.id() + " " + model.version() + " · " + label(model)))
					.append("</span></li>\n");
		}
		body.append("</ul>\n");
		return page("ImmunoRisk model cards", body.toString());
	}

	@GetMapping(ModelCardLinks.PATH + "/model-cards.css")
	public ResponseEntity<String> style() {
		return ResponseEntity.ok().contentType(new MediaType("text", "css", StandardCharsets.UTF_8))
				.cacheControl(CacheControl.noCache()).header("X-Content-Type-Options", "nosniff").body(STYLE);
	}

	/** {@code <id>} (HTML), {@code <id>.md} (markdown) or {@code <name>.png}. */
	@GetMapping(ModelCardLinks.PATH + "/{name:.+}")
	public ResponseEntity<?> card(@PathVariable String name) {
		if (name.endsWith(".png")) {
			Optional<byte[]> image = cards.image(name);
			return image.<ResponseEntity<?>>map(bytes -> ResponseEntity.ok().contentType(MediaType.IMAGE_PNG)
					.cacheControl(CacheControl.noCache()).header("X-Content-Type-Options", "nosniff").body(bytes))
					.orElseGet(() -> notFound(name));
		}
		if (name.endsWith(".md")) {
			String id = name.substring(0, name.length() - 3);
			return cards.markdown(id).<ResponseEntity<?>>map(md -> ResponseEntity.ok().contentType(MARKDOWN)
					.cacheControl(CacheControl.noCache()).header("X-Content-Type-Options", "nosniff").body(md))
					.orElseGet(() -> notFound(name));
		}
		// A local model's card comes from the site's folder: the server's own banner says what ImmunoRisk has not done.
		String banner = org.immunorisk.models.ModelCodes.isLocal(name)
				? "<p><strong>" + HtmlUtils.htmlEscape(org.immunorisk.models.ModelCodes.LOCAL_NOTICE) + "</strong></p>\n" : "";
		return cards.html(name).<ResponseEntity<?>>map(html -> page("Model card: " + name,
				"<nav><a href=\"./\">All model cards</a> · <a href=\"" + HtmlUtils.htmlEscape(name) + ".md\">markdown</a></nav>\n"
						+ banner + html))
				.orElseGet(() -> notFound(name));
	}

	private static String label(ModelDescription model) {
		return switch (model.kind()) {
			case PUBLISHED_SCORE -> "published score";
			case DECISION_RULE -> "decision rule";
			case TRAINED_MODEL -> model.trainedOnSyntheticData() ? "trained model, synthetic data" : "locally trained model";
		};
	}

	private static ResponseEntity<String> page(String title, String body) {
		String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\"><title>" + HtmlUtils.htmlEscape(title)
				+ "</title><link rel=\"stylesheet\" href=\"model-cards.css\"></head>\n<body>\n"
				+ body + "</body></html>\n";
		return ResponseEntity.ok().contentType(HTML).cacheControl(CacheControl.noCache())
				.header("Content-Security-Policy", CONTENT_SECURITY_POLICY).header("X-Content-Type-Options", "nosniff")
				.header("Referrer-Policy", "no-referrer").body(html);
	}

	private static ResponseEntity<String> notFound(String name) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
				.header("X-Content-Type-Options", "nosniff")
				.body("No model card '" + name + "'. The list of model cards is at " + ModelCardLinks.PATH + "/\n");
	}
}
