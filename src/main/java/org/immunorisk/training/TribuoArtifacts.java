package org.immunorisk.training;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.oracle.labs.mlrg.olcut.config.protobuf.protos.RootProvenanceProto;
import com.oracle.labs.mlrg.olcut.config.protobuf.protos.SimpleProvenanceProto;
import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DateTimeProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import org.tribuo.Model;
import org.tribuo.common.tree.protos.TreeModelProto;
import org.tribuo.protos.core.ModelDataProto;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.protos.core.WeightedEnsembleModelProto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Tribuo models as byte-reproducible files, and Tribuo provenance as manifest JSON.
 *
 * <p>Tribuo records in every model's provenance when it was trained ({@code trained-at}, once per tree of a forest)
 * and the JVM and OS that trained it. Same seed, same bytes needs neither: the serialized model (Tribuo 4.3
 * protobuf, {@link Model#serialize()}) is rewritten so that every date-time provenance reads {@link #FIXED_TIME}
 * and the system fields read {@link #NOT_RECORDED}; everything else Tribuo records (trainer configuration and
 * seeds, dataset description and sizes, Tribuo version, member trees) is kept. The model is then read back from
 * these bytes, so what is evaluated is exactly what ships.
 */
final class TribuoArtifacts {

	static final String FIXED_TIME = "1970-01-01T00:00Z";
	static final String NOT_RECORDED = "not recorded (byte-reproducible artifact)";
	private static final Set<String> SYSTEM_KEYS = Set.of("java-version", "os-name", "os-arch");
	private static final String DATE_TIME = DateTimeProvenance.class.getName();

	private TribuoArtifacts() {}

	/** The model's protobuf bytes with training time and host fields fixed. */
	static byte[] reproducibleBytes(Model<?> model) {
		return normalise(model.serialize()).toByteArray();
	}

	/** The model read back from {@link #reproducibleBytes}. */
	static Model<?> read(byte[] proto) {
		return Model.deserialize(parse(proto));
	}

	static ModelProto parse(byte[] proto) {
		try {
			return ModelProto.parseFrom(proto);
		} catch (InvalidProtocolBufferException e) {
			throw new IllegalStateException("Tribuo could not read the model it wrote", e);
		}
	}

	/** gzip as written by the JDK (no file name or time in the header); the models compress about tenfold. */
	static byte[] gzip(byte[] bytes) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(bytes);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return out.toByteArray();
	}

	private static ModelProto normalise(ModelProto model) {
		Any data = model.getSerializedData();
		try {
			Any normalised;
			if (data.is(TreeModelProto.class)) {
				TreeModelProto tree = data.unpack(TreeModelProto.class);
				normalised = Any.pack(tree.toBuilder().setMetadata(normalise(tree.getMetadata())).build());
			} else if (data.is(WeightedEnsembleModelProto.class)) {
				WeightedEnsembleModelProto ensemble = data.unpack(WeightedEnsembleModelProto.class);
				WeightedEnsembleModelProto.Builder builder = ensemble.toBuilder().setMetadata(normalise(ensemble.getMetadata()));
				for (int i = 0; i < ensemble.getModelsCount(); i++) {
					builder.setModels(i, normalise(ensemble.getModels(i)));
				}
				normalised = Any.pack(builder.build());
			} else {
				throw new IllegalArgumentException("No reproducible form for Tribuo model " + model.getClassName()
						+ " (trees and weighted ensembles only)");
			}
			return model.toBuilder().setSerializedData(normalised).build();
		} catch (InvalidProtocolBufferException e) {
			throw new IllegalStateException(e);
		}
	}

	private static ModelDataProto normalise(ModelDataProto metadata) {
		RootProvenanceProto provenance = metadata.getProvenance();
		RootProvenanceProto.Builder builder = provenance.toBuilder();
		for (int i = 0; i < provenance.getSmpCount(); i++) {
			SimpleProvenanceProto simple = provenance.getSmp(i);
			if (DATE_TIME.equals(simple.getProvenanceClassName())) {
				builder.setSmp(i, simple.toBuilder().setValue(FIXED_TIME));
			} else if (SYSTEM_KEYS.contains(simple.getKey())) {
				builder.setSmp(i, simple.toBuilder().setValue(NOT_RECORDED));
			}
		}
		return metadata.toBuilder().setProvenance(builder).build();
	}

	/**
	 * Tribuo provenance as ordered JSON-ready maps (values as Tribuo prints them). {@code omit} keys are left out
	 * at any depth and {@code counted} list keys become their size (a forest's member-provenance repeats one entry
	 * per tree; the model file keeps them all).
	 */
	static Map<String, Object> provenance(ObjectProvenance provenance, Set<String> omit, Set<String> counted) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (Pair<String, Provenance> pair : provenance) {
			if (omit.contains(pair.getA())) {
				continue;
			}
			if (counted.contains(pair.getA()) && pair.getB() instanceof ListProvenance<?> list) {
				map.put(pair.getA() + "-count", list.getList().size());
				continue;
			}
			map.put(pair.getA(), value(pair.getB(), omit, counted));
		}
		return map;
	}

	private static Object value(Provenance provenance, Set<String> omit, Set<String> counted) {
		if (provenance instanceof ObjectProvenance object) {
			return provenance(object, omit, counted);
		}
		if (provenance instanceof ListProvenance<?> list) {
			List<Object> values = new ArrayList<>();
			list.getList().forEach(p -> values.add(value(p, omit, counted)));
			return values;
		}
		if (provenance instanceof MapProvenance<?> mapProvenance) {
			Map<String, Object> values = new LinkedHashMap<>();
			new TreeMap<String, Provenance>(mapProvenance.getMap()).forEach((key, p) -> values.put(key, value(p, omit, counted)));
			return values;
		}
		if (provenance instanceof PrimitiveProvenance<?> primitive) {
			return String.valueOf(primitive.getValue());
		}
		return String.valueOf(provenance);
	}
}
