/**
 * Training a pipeline on a hospital's own data: {@link org.immunorisk.training.local.TrainOnLocalData} reads a
 * mapping file and either a CSV or the FHIR store (through the same feature definitions and extractor the server
 * scores with), trains ImmunoRisk's logistic or survival-forest pipeline, and writes a manifest the server loads
 * like a shipped one, with its model card. See {@code docs/training-on-your-data.md}.
 */
package org.immunorisk.training.local;
