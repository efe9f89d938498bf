package org.immunorisk.models.trained;

import com.google.protobuf.InvalidProtocolBufferException;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.math.la.SparseVector;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.protos.core.WeightedEnsembleModelProto;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Tribuo random forest's vote, computed by walking its trees with one feature vector. Tribuo's
 * {@code WeightedEnsembleModel.predict} rebuilds the sparse vector (name look-ups) and a Prediction for every tree:
 * about 0.65 ms of CPU for the IgG4-RD forest's 100 trees, against about 0.05 ms for a whole served prediction
 * here (measured on the build machine), which matters when a card recomputes a forest once per supposed result. Only for what it reproduces exactly: an ensemble of {@link TreeModel}s sharing the
 * ensemble's feature map, combined by {@link VotingCombiner} with equal weights (read from the protobuf, as
 * Tribuo exposes neither combiner nor weights). The share is summed as VotingCombiner sums it, so the double is
 * Tribuo's; tests compare the two on every synthetic patient.
 */
public final class TreeVote {

	private final List<Node<Label>> trees;
	private final ImmutableFeatureMap features;
	private final float weight;

	private TreeVote(List<Node<Label>> trees, ImmutableFeatureMap features, float weight) {
		this.trees = trees;
		this.features = features;
		this.weight = weight;
	}

	/** The vote of {@code model} (read from {@code proto}), or empty when it is not an equally weighted vote of trees. */
	public static Optional<TreeVote> of(Model<Label> model, ModelProto proto) {
		if (!(model instanceof WeightedEnsembleModel<Label> forest) || !proto.getSerializedData().is(WeightedEnsembleModelProto.class)) {
			return Optional.empty();
		}
		WeightedEnsembleModelProto ensemble;
		try {
			ensemble = proto.getSerializedData().unpack(WeightedEnsembleModelProto.class);
		} catch (InvalidProtocolBufferException e) {
			return Optional.empty();
		}
		if (!ensemble.getCombiner().getClassName().equals(VotingCombiner.class.getName())
				|| ensemble.getWeightsCount() != forest.getNumModels() || ensemble.getWeightsList().stream().distinct().count() != 1) {
			return Optional.empty();
		}
		List<Node<Label>> roots = new ArrayList<>();
		for (Model<Label> member : forest.getModels()) {
			if (!(member instanceof TreeModel<Label> tree) || !sameIds(tree.getFeatureIDMap(), forest.getFeatureIDMap())) {
				return Optional.empty();
			}
			roots.add(tree.getRoot());
		}
		return Optional.of(new TreeVote(List.copyOf(roots), forest.getFeatureIDMap(), ensemble.getWeights(0)));
	}

	/** The share of trees voting {@code label}, as Tribuo's VotingCombiner computes it. */
	public double probability(Example<Label> example, String label) {
		SparseVector x = SparseVector.createSparseVector(example, features, false);
		double score = 0; // VotingCombiner: the label's summed tree weights over the sum of all, in tree order
		double sum = 0;
		for (Node<Label> node : trees) {
			while (!node.isLeaf()) {
				node = node.getNextNode(x);
			}
			if (((LeafNode<Label>) node).getOutput().getLabel().equals(label)) {
				score += weight;
			}
			sum += weight;
		}
		return score / sum;
	}

	private static boolean sameIds(ImmutableFeatureMap a, ImmutableFeatureMap b) {
		if (a.size() != b.size()) {
			return false;
		}
		for (VariableInfo info : a) {
			if (b.getID(info.getName()) != a.getID(info.getName())) {
				return false;
			}
		}
		return true;
	}
}
