package org.immunorisk.training;

import org.immunorisk.models.trained.MlpArtifact;
import smile.base.mlp.Layer;
import smile.base.mlp.LayerBuilder;
import smile.base.mlp.OutputFunction;
import smile.classification.MLP;
import smile.math.MathEx;
import smile.math.TimeFunction;
import smile.math.matrix.Matrix;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Fits Smile 2.6.0's {@link MLP} (binary outcome: ReLU hidden layers, one sigmoid output unit with the likelihood,
 * i.e. cross-entropy, cost) by mini-batch back-propagation with momentum and weight decay, and reads the learned
 * weights back out for the manifest.
 *
 * <p>Determinism. Smile draws the initial weights (uniform ±√(6 / (fan-in + fan-out))) from its own thread-local
 * generator: {@link MathEx#setSeed(long)} on the training thread, right before the network is built, fixes them.
 * The mini-batch order comes from a {@link Random} with the same seed. Smile's layers multiply through its BLAS
 * engine, which here is ImmunoRisk's single-threaded pure-Java one ({@code smile.math.blas.mkl.MKL}): same seed,
 * same weights to the last bit, on any machine with the same Java (strict IEEE arithmetic).
 *
 * <p>Hidden activations are ReLU. Smile 2.6.0 also offers tanh, but its tanh layer back-propagates (1 − y)² instead
 * of the derivative 1 − y², so it is not used.
 */
final class MlpTraining {

	/**
	 * Architecture and optimiser. {@code learningRate} applies to the mini-batch mean gradient; Smile shrinks the
	 * weights by 1 − 2·learningRate·weightDecay after each mini-batch.
	 */
	record Hyper(List<Integer> hiddenUnits, int epochs, int batchSize, double learningRate, double momentum, double weightDecay) {

		Hyper withWeightDecay(double weightDecay) {
			return new Hyper(hiddenUnits, epochs, batchSize, learningRate, momentum, weightDecay);
		}

		Map<String, Object> describe() {
			Map<String, Object> h = new LinkedHashMap<>(); // ordered: the manifest must be byte-reproducible
			h.put("architecture", "inputs → " + String.join(" → ", hiddenUnits.stream().map(n -> "ReLU(" + n + ")").toList())
					+ " → sigmoid(1), cross-entropy (Smile Layer.mle)");
			h.put("epochs", epochs);
			h.put("batchSize", batchSize);
			h.put("learningRate", learningRate);
			h.put("momentum", momentum);
			h.put("weightDecay", weightDecay);
			h.put("initialWeights", "Smile's uniform ±sqrt(6 / (fan-in + fan-out)), zero biases, after MathEx.setSeed(network seed)");
			h.put("inputScaling", "standardised with the development cohort's means and SDs (SD with n − 1)");
			return h;
		}
	}

	private MlpTraining() {}

	static MLP fit(double[][] z, int[] y, Hyper hyper, long seed) {
		int p = z[0].length;
		LayerBuilder[] builders = new LayerBuilder[hyper.hiddenUnits().size() + 1];
		for (int l = 0; l < hyper.hiddenUnits().size(); l++) {
			builders[l] = Layer.rectifier(hyper.hiddenUnits().get(l));
		}
		builders[builders.length - 1] = Layer.mle(1, OutputFunction.SIGMOID);
		MathEx.setSeed(seed); // Smile's initial weights come from this thread's generator
		MLP mlp = new MLP(p, builders);
		mlp.setLearningRate(TimeFunction.constant(hyper.learningRate()));
		mlp.setMomentum(TimeFunction.constant(hyper.momentum()));
		mlp.setWeightDecay(hyper.weightDecay());

		Random shuffle = new Random(seed);
		int[] order = new int[z.length];
		for (int i = 0; i < order.length; i++) {
			order[i] = i;
		}
		for (int epoch = 0; epoch < hyper.epochs(); epoch++) {
			for (int i = order.length - 1; i > 0; i--) { // Fisher–Yates
				int k = shuffle.nextInt(i + 1);
				int t = order[i];
				order[i] = order[k];
				order[k] = t;
			}
			for (int start = 0; start < order.length; start += hyper.batchSize()) {
				int size = Math.min(hyper.batchSize(), order.length - start);
				double[][] xb = new double[size][];
				int[] yb = new int[size];
				for (int b = 0; b < size; b++) {
					xb[b] = z[order[start + b]];
					yb[b] = y[order[start + b]];
				}
				mlp.update(xb, yb);
			}
		}
		return mlp;
	}

	/** Smile's probability of the outcome for one standardised row. */
	static double probability(MLP mlp, double[] z) {
		double[] posterior = new double[2];
		mlp.predict(z, posterior);
		return posterior[1];
	}

	/**
	 * The network's layers as manifest records. Smile 2.6.0 has no accessor for a layer's weights, so they are read
	 * from its fields ({@code MultilayerPerceptron.net/output}, {@code Layer.weight/bias}, {@code HiddenLayer.f});
	 * the caller checks that a forward pass over the result reproduces {@link MLP#predict} for every patient.
	 */
	static List<MlpArtifact.Layer> layers(MLP mlp) {
		try {
			List<MlpArtifact.Layer> layers = new ArrayList<>();
			for (Layer hidden : (Layer[]) field(smile.base.mlp.MultilayerPerceptron.class, "net").get(mlp)) {
				String name = ((smile.base.mlp.ActivationFunction) field(smile.base.mlp.HiddenLayer.class, "f").get(hidden)).name();
				if (!name.equals("RECTIFIER")) {
					throw new IllegalStateException("only ReLU hidden layers are served, not " + name);
				}
				layers.add(layer(MlpArtifact.Layer.RELU, hidden));
			}
			layers.add(layer(MlpArtifact.Layer.SIGMOID, (Layer) field(smile.base.mlp.MultilayerPerceptron.class, "output").get(mlp)));
			return layers;
		} catch (ReflectiveOperationException e) {
			throw new IllegalStateException("Smile's MLP layout is not the one of smile-core 2.6.0", e);
		}
	}

	private static MlpArtifact.Layer layer(String activation, Layer layer) throws ReflectiveOperationException {
		Matrix weight = (Matrix) field(Layer.class, "weight").get(layer);
		double[] bias = ((double[]) field(Layer.class, "bias").get(layer)).clone();
		double[][] w = new double[weight.nrows()][weight.ncols()];
		for (int i = 0; i < w.length; i++) {
			for (int j = 0; j < w[i].length; j++) {
				w[i][j] = weight.get(i, j);
			}
		}
		return new MlpArtifact.Layer(activation, w, bias);
	}

	private static Field field(Class<?> owner, String name) throws NoSuchFieldException {
		Field field = owner.getDeclaredField(name);
		field.setAccessible(true);
		return field;
	}
}
