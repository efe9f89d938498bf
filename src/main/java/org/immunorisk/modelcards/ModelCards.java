package org.immunorisk.modelcards;

import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.immunorisk.models.ModelDescription;
import org.immunorisk.models.ModelKind;
import org.immunorisk.models.ModelRegistry;
import org.immunorisk.models.RiskModel;
import org.immunorisk.models.local.LocalModelDirectory;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The model cards the server serves. A trained model's card is the markdown its training run wrote (shipped models:
 * {@code docs/model-cards/}, packed into the jar under {@code immunorisk/model-cards/}; locally trained models:
 * {@code <id>.md} in the local models folder). Shipped cards are generated from the artifact, so they cannot disagree
 * with it; a local card is read from the folder on each request, so a site that replaces the card without the
 * manifest (or the reverse) is shown the new card at once: the training command writes both together. A model without
 * a written card (the published scores) gets one generated from its description, so every model a RiskAssessment
 * or CDS card names has a page.
 */
public final class ModelCards {

	static final String CLASSPATH_FOLDER = "immunorisk/model-cards/";
	/** File names a card may reference: plain names, no folders (nothing outside the card folders is served). */
	private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");

	private final ModelRegistry registry;
	private final LocalModelDirectory local; // null when no local models folder is configured
	private final Parser parser;
	private final HtmlRenderer renderer;

	public ModelCards(ModelRegistry registry, LocalModelDirectory local) {
		this.registry = registry;
		this.local = local;
		List<org.commonmark.Extension> extensions = List.of(TablesExtension.create());
		this.parser = Parser.builder().extensions(extensions).build();
		// A local card's text comes from a site's mapping file: raw HTML in it is shown as text, javascript: links dropped.
		this.renderer = HtmlRenderer.builder().extensions(extensions).escapeHtml(true).sanitizeUrls(true).build();
	}

	/** The registered models, in registry order. */
	public List<ModelDescription> models() {
		return registry.all().stream().map(RiskModel::description).toList();
	}

	/** The card of a registered model in markdown; empty for an unknown model. */
	public Optional<String> markdown(String modelId) {
		Optional<RiskModel> model = registry.find(modelId);
		if (model.isEmpty() || !FILE_NAME.matcher(modelId).matches()) {
			return Optional.empty();
		}
		return read(modelId + ".md", local != null && local.serves(modelId))
				.map(bytes -> new String(bytes, StandardCharsets.UTF_8))
				.or(() -> Optional.of(generated(model.get().description())));
	}

	/** The card rendered as HTML (the body only). */
	public Optional<String> html(String modelId) {
		return markdown(modelId).map(md -> renderer.render(parser.parse(md)));
	}

	/** A PNG a card shows (ROC, Kaplan–Meier, calibration plot). */
	public Optional<byte[]> image(String fileName) {
		if (!FILE_NAME.matcher(fileName).matches() || !fileName.endsWith(".png")) {
			return Optional.empty();
		}
		// From the folder only the plots of a model it serves (<id>-….png): not those of a refused or withdrawn one.
		return read(fileName, false).or(() -> local != null && local.models().stream().anyMatch(id -> fileName.startsWith(id + "-"))
				? read(fileName, true) : Optional.empty());
	}

	private Optional<byte[]> read(String fileName, boolean fromLocalFolder) {
		try {
			if (fromLocalFolder) {
				if (local == null) {
					return Optional.empty();
				}
				Path file = local.directory().resolve(fileName);
				// a plain file of the folder only: a symbolic link there must not publish what it points to
				return Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
						? Optional.of(Files.readAllBytes(file)) : Optional.empty();
			}
			ClassPathResource resource = new ClassPathResource(CLASSPATH_FOLDER + fileName);
			if (!resource.exists()) {
				return Optional.empty();
			}
			try (InputStream in = resource.getInputStream()) {
				return Optional.of(in.readAllBytes());
			}
		} catch (java.nio.file.NoSuchFileException e) {
			return Optional.empty(); // removed between the check and the read (a site replacing its model): 404, not 500
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** A card for a model whose training did not write one: what its description says, nothing invented. */
	static String generated(ModelDescription model) {
		StringBuilder md = new StringBuilder();
		md.append("# Model card: ").append(escape(model.id())).append(' ').append(escape(model.version())).append("\n\n");
		md.append(switch (model.kind()) {
			case PUBLISHED_SCORE -> "**Published clinical score, implemented as its source gives it.**";
			case DECISION_RULE -> "**Flags or rules from a study; not a validated point score.**";
			case TRAINED_MODEL -> model.trainedOnSyntheticData()
					? "**Trained on synthetic data. Not clinically validated.**"
					: "**Locally trained model; no card was written with it. Not validated by ImmunoRisk.**";
		}).append("\n\n");
		md.append(escape(model.title())).append(".\n\n");
		md.append("## Intended use\n\n").append(escape(model.intendedUse())).append("\n\n");
		md.append("## Evidence\n\n").append(escape(model.evidenceLevel())).append("\n\n");
		md.append("## Inputs\n\n");
		model.inputs().forEach(input -> md.append("- `").append(input.replace("`", "")).append("`\n"));
		md.append("\nInput names are ImmunoRisk feature definitions (how each is read from FHIR: `feature-definitions.json`).")
				.append(" A missing input is reported, never imputed.\n\n");
		md.append("## Outcome\n\n`").append(model.outcome().replace("`", "")).append("`\n\n");
		md.append("## Source\n\n").append(escape(model.citation())).append("\n");
		if (model.kind() == ModelKind.PUBLISHED_SCORE) {
			md.append("\nThe source's own validation applies; ImmunoRisk reports no metrics of its own for this score.\n");
		}
		return md.toString();
	}

	private static String escape(String text) {
		return text == null ? "" : text.replaceAll("([\\\\`*_\\[\\]<>#|])", "\\\\$1");
	}
}
