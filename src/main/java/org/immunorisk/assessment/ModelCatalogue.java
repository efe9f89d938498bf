package org.immunorisk.assessment;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IdType;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.immunorisk.modelcards.ModelCardLinks;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.ParameterDefinition;
import org.hl7.fhir.r4.model.RelatedArtifact;
import org.immunorisk.models.ModelCodes;
import org.immunorisk.models.ModelDescription;
import org.immunorisk.models.ModelRegistry;
import org.immunorisk.models.RiskModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * The model catalogue over FHIR: one {@code Library} (type model-definition) per registered model, so a client
 * lists them with {@code GET Library?type=model-definition}. Written at start with fixed ids (idempotent); a
 * model registered later (a trained model loaded at run time) must be published with {@link #publish}.
 */
public final class ModelCatalogue implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(ModelCatalogue.class);
	public static final String LIBRARY_BASE = "https://immunorisk.org/fhir/Library/";

	private final ModelRegistry registry;
	private final DaoRegistry daoRegistry;
	private final ModelCardLinks cards;

	public ModelCatalogue(ModelRegistry registry, DaoRegistry daoRegistry, ModelCardLinks cards) {
		this.registry = registry;
		this.daoRegistry = daoRegistry;
		this.cards = cards;
	}

	@Override
	public void afterSingletonsInstantiated() {
		registry.all().forEach(this::publish);
		log.info("Model catalogue: {} models published as Library resources", registry.all().size());
	}

	@SuppressWarnings("unchecked")
	public void publish(RiskModel model) {
		daoRegistry.getResourceDao(Library.class).update(toLibrary(model.description(), cards), new SystemRequestDetails());
	}

	/** A withdrawn model's Library stays readable (RiskAssessments cite it) but is marked retired. */
	@SuppressWarnings("unchecked")
	public void retire(String modelId) {
		var dao = daoRegistry.getResourceDao(Library.class);
		try {
			Library library = (Library) dao.read(new IdType("Library", libraryId(modelId)), new SystemRequestDetails());
			library.setStatus(Enumerations.PublicationStatus.RETIRED);
			dao.update(library, new SystemRequestDetails());
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			log.warn("Model catalogue: no Library for withdrawn model {}", modelId);
		}
	}

	public static String libraryId(String modelId) {
		return "immunorisk-model-" + modelId;
	}

	public static Library toLibrary(ModelDescription model, ModelCardLinks cards) {
		Library library = new Library();
		library.setId(libraryId(model.id()));
		library.setUrl(LIBRARY_BASE + model.id());
		library.setVersion(model.version());
		library.setName(model.id().replaceAll("[^A-Za-z0-9]", "_"));
		library.setTitle(model.title());
		library.setStatus(Enumerations.PublicationStatus.ACTIVE);
		library.setExperimental(model.trainedOnSyntheticData());
		library.setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/library-type",
				"model-definition", "Model Definition")));
		library.setSubject(new CodeableConcept(new Coding("http://hl7.org/fhir/resource-types", "Patient", "Patient")));
		library.setDescription(model.intendedUse()
				+ (model.trainedOnSyntheticData() ? " " + RiskAssessmentWriter.SYNTHETIC_NOTICE : ""));
		library.setUsage(model.intendedUse());
		library.setPurpose("Kind: " + model.kind().name().toLowerCase().replace('_', ' ') + ". Evidence: " + model.evidenceLevel());
		library.addTopic(new CodeableConcept(ModelCodes.model(model)));
		library.addTopic(new CodeableConcept(new Coding(RiskAssessmentWriter.OUTCOME_SYSTEM, model.outcome(), null)));
		library.addRelatedArtifact().setType(RelatedArtifact.RelatedArtifactType.CITATION).setCitation(model.citation());
		library.addRelatedArtifact().setType(RelatedArtifact.RelatedArtifactType.DOCUMENTATION).setLabel("Model card")
				.setDisplay("Model card: " + model.title()).setUrl(cards.url(model.id()));
		for (String input : model.inputs()) {
			library.addParameter().setName(input).setUse(ParameterDefinition.ParameterUse.IN).setMin(0).setMax("1")
					.setType("Any").setDocumentation("Model input '" + input + "' (see feature-definitions.json)");
		}
		library.addParameter().setName("prediction").setUse(ParameterDefinition.ParameterUse.OUT).setMin(0).setMax("1")
				.setType("RiskAssessment").setDocumentation("Outcome " + model.outcome() + ", written by $risk-assess");
		return library;
	}
}
