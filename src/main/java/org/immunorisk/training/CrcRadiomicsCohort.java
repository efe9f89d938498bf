package org.immunorisk.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Seeded synthetic cohort for CRC study E (CT radiomics of the primary tumour and its liver metastasis, TMB-high
 * ≥ 10 mut/Mb; CLINICAL.md §1, row E; seed document 004). SYNTHETIC: the study's patient data are not public, and
 * this generator follows its published design and counts only.
 *
 * <p>From the study (seed 004):
 * <ul>
 * <li>24 patients with CRC and liver metastases, TMB measured in both lesions (48 samples);</li>
 * <li>TMB-high in 8/24 primaries and 5/24 liver metastases; 7/24 (29.2%) discordant: 5 high in the primary only
 * (mean TMB 23.41 primary vs 5.42 liver), 2 high in the liver only (primary/liver TMB ratio 0.48); mean TMB 10.93
 * primary, 8.14 liver. So 3 patients are high in both and 14 low in both;</li>
 * <li>series: primary on contrast CT colonography, prone and supine; liver on plain and contrast (70 s) CT. Two
 * patients received no contrast (renal failure): 22 patients have prone, supine and contrast series, all 24 the
 * plain series;</li>
 * <li>1037 PyRadiomics features per lesion and series: 14 shape features (original image only) and 93 first-order
 * and texture features (18 first order, 24 GLCM, 16 GLRLM, 16 GLSZM, 14 GLDM, 5 NGTDM) on each of 11 images:
 * original, Laplacian of Gaussian at two σ, and the 8 wavelet decompositions (14 + 93 × 11 = 1037).</li>
 * </ul>
 *
 * <p>Assumptions, all ImmunoRisk's own (none is a published number):
 * <ul>
 * <li>the two LoG σ are 2 and 3 mm (the study does not say which; 3 mm is the one the scenario bundles carry);</li>
 * <li>the two patients without contrast are TMB-low in both lesions: the published discordance figures (sensitivity
 * 6/7, specificity 9/15, accuracy 15/22 = 0.682) need all 7 discordant patients among the 22 with contrast;</li>
 * <li>TMB values are log-normal (log-SD 0.35) around the group means above, redrawn until they fall on their side of
 * 10: both high 25 (primary) / 28 (liver) (chosen so that the overall means come near 10.93 and 8.14); low lesions
 * 4.0; primary-only high 23.4 / 5.4; liver-only high 6.7 / 14.0;</li>
 * <li>heavy inter-feature correlation, built from latent factors: every feature is √ρ × its family latent + √(1 − ρ)
 * × noise, with ρ drawn once per feature from U(0.80, 0.99); the families are one per base feature for the smooth
 * images (original, LoG, wavelet-LLL) and one per base feature for the 7 high-pass wavelets, and each family latent
 * shares a factor per feature class (weight 0.6) and a lesion-wide heterogeneity factor (weight 0.4). Shape
 * features load on a size factor (diameters, axes, volume, surface) or a form factor (sphericity, elongation,
 * flatness, surface/volume ratio). So many pairs exceed |r| = 0.9, as in real radiomics;</li>
 * <li>the two series of one lesion share 70% of their latent variance (the same lesion imaged twice);</li>
 * <li>TMB signal in five features only, the five the scenario bundles carry, in the direction those bundles are
 * built for (test-bundles/README.md: crc-high is TMB-high): a TMB-high lesion adds 1.0 SD to original
 * firstorder_Entropy, wavelet-LLH glcm_Contrast, LoG σ 3 mm glszm_ZoneEntropy and original
 * shape_Maximum3DDiameter, and subtracts 1.0 SD from original firstorder_Mean (larger, lower-attenuation, more
 * heterogeneous TMB-high lesions). The shift acts on the feature itself, not on its family, and is the same in every
 * series. All other 1032 features are noise with respect to TMB;</li>
 * <li>physical scales are illustrative, monotone in the latent value (trees do not depend on them; they only make the
 * served model's inputs look like PyRadiomics output): intensities in HU (original image: mean 50, minus 15 HU on
 * plain CT, SD 12; filtered images centred at 0), entropies near 3–6, diameters and volumes log-normal in mm and
 * mm³, ratios in (0, 1), every other feature log-normal with median 1.</li>
 * </ul>
 * Nothing here is tuned to reach a metric: the pipeline reports what it gets.
 */
public final class CrcRadiomicsCohort {

	public static final String GENERATOR = "CrcRadiomicsCohort v1";
	public static final int PATIENTS = 24;
	/** TMB-high cut-off (study E: ≥ 10 mutations per megabase). */
	public static final double TMB_HIGH = 10.0;

	/** A lesion imaged in one series (the study's four ROC analyses). */
	public enum Series {
		PRIMARY_PRONE("primary", "prone", "primary tumour, contrast CT colonography, prone"),
		PRIMARY_SUPINE("primary", "supine", "primary tumour, contrast CT colonography, supine"),
		LIVER_PLAIN("liver", "plain", "liver metastasis, plain CT"),
		LIVER_CONTRAST("liver", "contrast", "liver metastasis, contrast-enhanced CT (portal venous)");

		private final String lesion;
		private final String phase;
		private final String description;

		Series(String lesion, String phase, String description) {
			this.lesion = lesion;
			this.phase = phase;
			this.description = description;
		}

		public String lesion() {
			return lesion;
		}

		public String phase() {
			return phase;
		}

		public String description() {
			return description;
		}

		public boolean primary() {
			return lesion.equals("primary");
		}

		public String code() {
			return lesion + "-" + phase;
		}
	}

	/** PyRadiomics image types (column prefixes) in PyRadiomics' order: original, LoG, wavelet. */
	public static final List<String> IMAGE_TYPES = List.of("original", "log-sigma-2-0-mm-3D", "log-sigma-3-0-mm-3D",
			"wavelet-LLH", "wavelet-LHL", "wavelet-LHH", "wavelet-HLL", "wavelet-HLH", "wavelet-HHL", "wavelet-HHH",
			"wavelet-LLL");
	/** Shape features (PyRadiomics 2.2 defaults, deprecated Compactness1/2 and SphericalDisproportion off). */
	static final List<String> SHAPE = List.of("Elongation", "Flatness", "LeastAxisLength", "MajorAxisLength",
			"Maximum2DDiameterColumn", "Maximum2DDiameterRow", "Maximum2DDiameterSlice", "Maximum3DDiameter", "MeshVolume",
			"MinorAxisLength", "Sphericity", "SurfaceArea", "SurfaceVolumeRatio", "VoxelVolume");
	/** First-order and texture features by class (PyRadiomics 2.2 defaults; StandardDeviation is off by default). */
	static final Map<String, List<String>> TEXTURE = orderedClasses();
	/** The 1037 column names, "imageType_class_Feature" as PyRadiomics writes them. */
	public static final List<String> FEATURES = featureNames();

	/** The five features that carry the TMB signal, with the direction of a TMB-high lesion (see class comment). */
	static final Map<String, Double> SIGNAL = Map.of(
			"original_firstorder_Entropy", 1.0,
			"wavelet-LLH_glcm_Contrast", 1.0,
			"log-sigma-3-0-mm-3D_glszm_ZoneEntropy", 1.0,
			"original_shape_Maximum3DDiameter", 1.0,
			"original_firstorder_Mean", -1.0);

	/**
	 * One synthetic patient: TMB per lesion and the 1037 features of each series imaged (series without contrast are
	 * absent for the two patients who had none).
	 */
	public record Patient(String id, double tmbPrimary, double tmbLiver, Map<Series, double[]> features) {

		public boolean primaryHigh() {
			return tmbPrimary >= TMB_HIGH;
		}

		public boolean liverHigh() {
			return tmbLiver >= TMB_HIGH;
		}

		public boolean discordant() {
			return primaryHigh() != liverHigh();
		}

		public boolean high(Series series) {
			return series.primary() ? primaryHigh() : liverHigh();
		}
	}

	private CrcRadiomicsCohort() {}

	private static Map<String, List<String>> orderedClasses() {
		Map<String, List<String>> classes = new java.util.LinkedHashMap<>();
		classes.put("firstorder", List.of("10Percentile", "90Percentile", "Energy", "Entropy", "InterquartileRange", "Kurtosis",
				"Maximum", "MeanAbsoluteDeviation", "Mean", "Median", "Minimum", "Range", "RobustMeanAbsoluteDeviation",
				"RootMeanSquared", "Skewness", "TotalEnergy", "Uniformity", "Variance"));
		classes.put("glcm", List.of("Autocorrelation", "ClusterProminence", "ClusterShade", "ClusterTendency", "Contrast",
				"Correlation", "DifferenceAverage", "DifferenceEntropy", "DifferenceVariance", "Id", "Idm", "Idmn", "Idn", "Imc1",
				"Imc2", "InverseVariance", "JointAverage", "JointEnergy", "JointEntropy", "MCC", "MaximumProbability",
				"SumAverage", "SumEntropy", "SumSquares"));
		classes.put("glrlm", List.of("GrayLevelNonUniformity", "GrayLevelNonUniformityNormalized", "GrayLevelVariance",
				"HighGrayLevelRunEmphasis", "LongRunEmphasis", "LongRunHighGrayLevelEmphasis", "LongRunLowGrayLevelEmphasis",
				"LowGrayLevelRunEmphasis", "RunEntropy", "RunLengthNonUniformity", "RunLengthNonUniformityNormalized",
				"RunPercentage", "RunVariance", "ShortRunEmphasis", "ShortRunHighGrayLevelEmphasis", "ShortRunLowGrayLevelEmphasis"));
		classes.put("glszm", List.of("GrayLevelNonUniformity", "GrayLevelNonUniformityNormalized", "GrayLevelVariance",
				"HighGrayLevelZoneEmphasis", "LargeAreaEmphasis", "LargeAreaHighGrayLevelEmphasis", "LargeAreaLowGrayLevelEmphasis",
				"LowGrayLevelZoneEmphasis", "SizeZoneNonUniformity", "SizeZoneNonUniformityNormalized", "SmallAreaEmphasis",
				"SmallAreaHighGrayLevelEmphasis", "SmallAreaLowGrayLevelEmphasis", "ZoneEntropy", "ZonePercentage", "ZoneVariance"));
		classes.put("gldm", List.of("DependenceEntropy", "DependenceNonUniformity", "DependenceNonUniformityNormalized",
				"DependenceVariance", "GrayLevelNonUniformity", "GrayLevelVariance", "HighGrayLevelEmphasis",
				"LargeDependenceEmphasis", "LargeDependenceHighGrayLevelEmphasis", "LargeDependenceLowGrayLevelEmphasis",
				"LowGrayLevelEmphasis", "SmallDependenceEmphasis", "SmallDependenceHighGrayLevelEmphasis",
				"SmallDependenceLowGrayLevelEmphasis"));
		classes.put("ngtdm", List.of("Busyness", "Coarseness", "Complexity", "Contrast", "Strength"));
		return Collections.unmodifiableMap(classes);
	}

	private static List<String> featureNames() {
		List<String> names = new ArrayList<>();
		for (String shape : SHAPE) {
			names.add("original_shape_" + shape);
		}
		for (String imageType : IMAGE_TYPES) {
			TEXTURE.forEach((featureClass, features) -> features.forEach(f -> names.add(imageType + "_" + featureClass + "_" + f)));
		}
		if (names.size() != 1037) {
			throw new IllegalStateException("PyRadiomics default feature count is 1037 per series, not " + names.size());
		}
		return List.copyOf(names);
	}

	/** The correlation structure: fixed per feature, drawn once from the seed. */
	private record Structure(double[] rho, int[] family, int[] featureClass, double[] signal) {}

	private static final int SIZE_FACTOR = 0;
	private static final int FORM_FACTOR = 1;

	public static List<Patient> generate(long seed) {
		Random random = new Random(seed);
		Structure structure = structure(random);

		// Patient groups by TMB status (seed 004): 3 both high, 5 primary only, 2 liver only, 14 both low; the last two
		// of the both-low group are the two without contrast.
		List<String> groups = new ArrayList<>();
		groups.addAll(Collections.nCopies(3, "both-high"));
		groups.addAll(Collections.nCopies(5, "primary-only"));
		groups.addAll(Collections.nCopies(2, "liver-only"));
		groups.addAll(Collections.nCopies(12, "both-low"));
		Collections.shuffle(groups, random);
		groups.add("both-low-no-contrast");
		groups.add("both-low-no-contrast");
		// The no-contrast patients get random places in the cohort too.
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < PATIENTS; i++) {
			order.add(i);
		}
		Collections.shuffle(order, random);

		Patient[] patients = new Patient[PATIENTS];
		for (int g = 0; g < PATIENTS; g++) {
			String group = groups.get(g);
			double tmbPrimary = switch (group) {
				case "both-high" -> tmb(random, 25.0, true);
				case "primary-only" -> tmb(random, 23.4, true);
				case "liver-only" -> tmb(random, 6.7, false);
				default -> tmb(random, 4.0, false);
			};
			double tmbLiver = switch (group) {
				case "both-high" -> tmb(random, 28.0, true);
				case "primary-only" -> tmb(random, 5.4, false);
				case "liver-only" -> tmb(random, 14.0, true);
				default -> tmb(random, 4.0, false);
			};
			boolean contrast = !group.equals("both-low-no-contrast");
			Map<Series, double[]> features = new EnumMap<>(Series.class);
			for (boolean primary : new boolean[] {true, false}) {
				boolean high = (primary ? tmbPrimary : tmbLiver) >= TMB_HIGH;
				double[] lesion = latent(random, structure);
				Series first = primary ? Series.PRIMARY_PRONE : Series.LIVER_PLAIN;
				Series second = primary ? Series.PRIMARY_SUPINE : Series.LIVER_CONTRAST;
				for (Series series : new Series[] {first, second}) {
					double[] own = latent(random, structure);
					if (series.primary() || series == Series.LIVER_CONTRAST ? contrast : true) {
						double[] z = new double[FEATURES.size()];
						for (int j = 0; j < z.length; j++) {
							z[j] = Math.sqrt(0.7) * lesion[j] + Math.sqrt(0.3) * own[j] + (high ? structure.signal()[j] : 0);
						}
						features.put(series, physical(z, series));
					}
				}
			}
			int index = order.get(g);
			patients[index] = new Patient(String.format(Locale.ROOT, "crc-rad-%02d", index + 1), tmbPrimary, tmbLiver, features);
		}
		return List.of(patients);
	}

	/** Log-normal TMB around a group mean, redrawn until it is on the group's side of the cut-off. */
	private static double tmb(Random random, double mean, boolean high) {
		while (true) {
			double value = mean * Math.exp(0.35 * random.nextGaussian() - 0.35 * 0.35 / 2);
			if ((value >= TMB_HIGH) == high) {
				return Math.round(value * 100) / 100.0;
			}
		}
	}

	private static Structure structure(Random random) {
		int p = FEATURES.size();
		double[] rho = new double[p];
		int[] family = new int[p];
		int[] featureClass = new int[p];
		double[] signal = new double[p];
		List<String> classes = new ArrayList<>(TEXTURE.keySet());
		int baseFeatures = TEXTURE.values().stream().mapToInt(List::size).sum(); // 93
		for (int j = 0; j < p; j++) {
			String name = FEATURES.get(j);
			rho[j] = 0.80 + 0.19 * random.nextDouble();
			signal[j] = SIGNAL.getOrDefault(name, 0.0);
			String[] parts = name.split("_", 3);
			if (parts[1].equals("shape")) {
				boolean form = List.of("Sphericity", "Elongation", "Flatness", "SurfaceVolumeRatio").contains(parts[2]);
				family[j] = form ? FORM_FACTOR : SIZE_FACTOR;
				featureClass[j] = -1;
				continue;
			}
			int base = 0;
			for (String c : classes) {
				if (c.equals(parts[1])) {
					base += TEXTURE.get(c).indexOf(parts[2]);
					break;
				}
				base += TEXTURE.get(c).size();
			}
			boolean highPass = parts[0].startsWith("wavelet-") && !parts[0].equals("wavelet-LLL");
			// Families 2.. : one per base feature for smooth images, one per base feature for high-pass wavelets.
			family[j] = 2 + base + (highPass ? baseFeatures : 0);
			featureClass[j] = classes.indexOf(parts[1]) + (highPass ? classes.size() : 0);
		}
		return new Structure(rho, family, featureClass, signal);
	}

	/** One structured draw of the 1037 latent values (unit variance each). */
	private static double[] latent(Random random, Structure structure) {
		int families = 2 + 2 * TEXTURE.values().stream().mapToInt(List::size).sum();
		double heterogeneity = random.nextGaussian();
		double[] classFactor = new double[2 * TEXTURE.size()];
		for (int c = 0; c < classFactor.length; c++) {
			classFactor[c] = random.nextGaussian();
		}
		double[] familyLatent = new double[families];
		familyLatent[SIZE_FACTOR] = random.nextGaussian();
		familyLatent[FORM_FACTOR] = random.nextGaussian();
		double[] familyClass = new double[families];
		java.util.Arrays.fill(familyClass, -1);
		for (int j = 0; j < structure.family().length; j++) {
			familyClass[structure.family()[j]] = structure.featureClass()[j];
		}
		for (int f = 2; f < families; f++) {
			familyLatent[f] = 0.6 * classFactor[(int) familyClass[f]] + 0.4 * heterogeneity
					+ Math.sqrt(1 - 0.36 - 0.16) * random.nextGaussian();
		}
		double[] z = new double[structure.rho().length];
		for (int j = 0; j < z.length; j++) {
			double rho = structure.rho()[j];
			z[j] = Math.sqrt(rho) * familyLatent[structure.family()[j]] + Math.sqrt(1 - rho) * random.nextGaussian();
		}
		return z;
	}

	/** Illustrative PyRadiomics-like scales, monotone in the latent value (see class comment). */
	private static double[] physical(double[] z, Series series) {
		double[] x = new double[z.length];
		for (int j = 0; j < z.length; j++) {
			x[j] = scale(FEATURES.get(j), z[j], series);
		}
		return x;
	}

	static double scale(String name, double z, Series series) {
		String[] parts = name.split("_", 3);
		String image = parts[0];
		String feature = parts[2];
		boolean original = image.equals("original") || image.equals("wavelet-LLL");
		if (parts[1].equals("shape")) {
			return switch (feature) {
				case "MeshVolume", "VoxelVolume" -> round(15000 * Math.exp(0.9 * z), 1);
				case "SurfaceArea" -> round(4000 * Math.exp(0.6 * z), 1);
				case "SurfaceVolumeRatio" -> round(0.3 * Math.exp(0.25 * z), 4);
				case "Sphericity", "Elongation", "Flatness" -> round(1 / (1 + Math.exp(-(1.0 + 0.5 * z))), 4);
				case "Maximum3DDiameter" -> round(42 * Math.exp(0.3 * z), 2);
				case "MajorAxisLength" -> round(38 * Math.exp(0.3 * z), 2);
				case "MinorAxisLength" -> round(28 * Math.exp(0.3 * z), 2);
				case "LeastAxisLength" -> round(20 * Math.exp(0.3 * z), 2);
				default -> round(38 * Math.exp(0.3 * z), 2); // Maximum2DDiameter*
			};
		}
		if (parts[1].equals("firstorder")) {
			double plain = series == Series.LIVER_PLAIN ? -15 : 0;
			Double centre = switch (feature) {
				case "Minimum" -> -40.0;
				case "10Percentile" -> 15.0;
				case "Mean", "Median" -> 50.0;
				case "RootMeanSquared" -> 60.0;
				case "90Percentile" -> 85.0;
				case "Maximum" -> 160.0;
				default -> null;
			};
			if (centre != null) {
				return original ? round(centre + plain + 12 * z, 2) : round(12 * z, 2);
			}
			if (feature.equals("Entropy")) {
				return round(3.0 + 0.35 * z, 3);
			}
		}
		if (feature.endsWith("Entropy")) {
			return round((feature.equals("ZoneEntropy") ? 5.6 : 4.0) + 0.35 * z, 3);
		}
		if (parts[1].equals("glcm") && feature.equals("Contrast")) {
			return round(6 * Math.exp(0.45 * z), 3);
		}
		return round(Math.exp(0.5 * z), 5);
	}

	private static double round(double value, int decimals) {
		double factor = Math.pow(10, decimals);
		return Math.round(value * factor) / factor;
	}

	/**
	 * The cohort as CSV, one row per patient and series imaged: id, lesion, phase, TMB of that lesion, TMB-high (1/0),
	 * TMB of both lesions, discordant (1/0), then the 1037 features.
	 */
	public static String csv(List<Patient> cohort) {
		StringBuilder csv = new StringBuilder("id,lesion,phase,tmb,tmb_high,tmb_primary,tmb_liver,discordant");
		for (String feature : FEATURES) {
			csv.append(',').append(feature);
		}
		csv.append('\n');
		for (Patient p : cohort) {
			for (Map.Entry<Series, double[]> e : p.features().entrySet()) {
				Series s = e.getKey();
				double tmb = s.primary() ? p.tmbPrimary() : p.tmbLiver();
				csv.append(p.id()).append(',').append(s.lesion()).append(',').append(s.phase()).append(',').append(tmb).append(',')
						.append(p.high(s) ? 1 : 0).append(',').append(p.tmbPrimary()).append(',').append(p.tmbLiver()).append(',')
						.append(p.discordant() ? 1 : 0);
				for (double v : e.getValue()) {
					csv.append(',').append(v);
				}
				csv.append('\n');
			}
		}
		return csv.toString();
	}
}
