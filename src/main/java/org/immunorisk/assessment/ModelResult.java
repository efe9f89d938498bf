package org.immunorisk.assessment;

import org.immunorisk.models.ModelDescription;
import org.immunorisk.models.Prediction;

/** One model's answer for one patient, with what the model is. */
public record ModelResult(ModelDescription model, Prediction prediction) {}
