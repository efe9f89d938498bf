package org.immunorisk.assessment;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.ParameterDefinition;
import org.hl7.fhir.r4.model.RelatedArtifact;
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

	public ModelCatalogue(ModelRegistry registry, DaoRegistry daoRegistry) {
		this.registry = registry;
		this.daoRegistry = daoRegistry;
	}

	@Override
	public void afterSingletonsInstantiated() {
		registry.all().forEach(this::publish);
		log.info("Model catalogue: {} models published as Library resources", registry.all().size());
	}

	@SuppressWarnings("unchecked")
	public void publish(RiskModel model) {
		daoRegistry.getResourceDao(Library.class).update(toLibrary(model.description()), new SystemRequestDetails());
	}

	public static Library toLibrary(ModelDescription model) {
		Library library = new Library();
		library.setId("immunorisk-model-" + model.id());
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
		library.addTopic(new CodeableConcept(new Coding(RiskAssessmentWriter.MODEL_SYSTEM, model.id(), model.title())));
		library.addTopic(new CodeableConcept(new Coding(RiskAssessmentWriter.OUTCOME_SYSTEM, model.outcome(), null)));
		library.addRelatedArtifact().setType(RelatedArtifact.RelatedArtifactType.CITATION).setCitation(model.citation());
		for (String input : model.inputs()) {
			library.addParameter().setName(input).setUse(ParameterDefinition.ParameterUse.IN).setMin(0).setMax("1")
					.setType("Any").setDocumentation("Model input '" + input + "' (see feature-definitions.json)");
		}
		library.addParameter().setName("prediction").setUse(ParameterDefinition.ParameterUse.OUT).setMin(0).setMax("1")
				.setType("RiskAssessment").setDocumentation("Outcome " + model.outcome() + ", written by $risk-assess");
		return library;
	}
}
