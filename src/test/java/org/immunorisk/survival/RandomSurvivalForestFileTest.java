package org.immunorisk.survival;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A forest written and read back scores exactly as the grown one (numeric splits and categorical partitions, with
 * an unseen level), the bytes are the same for the same forest, and a damaged file is refused.
 */
class RandomSurvivalForestFileTest {

	private static final Veteran VETERAN = Veteran.load();
	private static RandomSurvivalForest forest;
	private static byte[] bytes;

	@BeforeAll
	static void growAndWrite() throws IOException {
		forest = RandomSurvivalForest.builder().trees(200).mtry(3).minNodeSize(3).seed(7).threads(2)
				.fit(VETERAN.features(), VETERAN.time, VETERAN.status);
		bytes = write(forest);
	}

	private static byte[] write(RandomSurvivalForest f) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		f.write(out);
		return out.toByteArray();
	}

	@Test
	void aForestReadBackPredictsBitForBitAsTheOneWritten() throws IOException {
		RandomSurvivalForest read = RandomSurvivalForest.read(new ByteArrayInputStream(bytes));
		assertEquals(forest.names(), read.names());
		assertEquals(200, read.treeCount());
		assertArrayEquals(forest.deathTimes(), read.deathTimes());
		assertArrayEquals(forest.mortality(VETERAN.features()), read.mortality(VETERAN.features()));
		double[][] hazard = forest.cumulativeHazard(VETERAN.features());
		double[][] readHazard = read.cumulativeHazard(VETERAN.features());
		for (int i = 0; i < hazard.length; i++) {
			assertArrayEquals(hazard[i], readHazard[i], "subject " + i);
		}
		// A level never seen in training follows each node's majority in both.
		Features unseen = Features.builder().numeric("trt", new double[] {1}).categorical("celltype", new String[] {"other"})
				.numeric("karno", new double[] {60}).numeric("diagtime", new double[] {5}).numeric("age", new double[] {60})
				.numeric("prior", new double[] {0}).build();
		assertArrayEquals(forest.mortality(unseen), read.mortality(unseen));
		assertTrue(Double.isNaN(read.oobConcordance()), "OOB results are training diagnostics and are not written");
		assertTrue(read.importance().isEmpty());
	}

	@Test
	void theSameForestGivesTheSameBytes() throws IOException {
		RandomSurvivalForest again = RandomSurvivalForest.builder().trees(200).mtry(3).minNodeSize(3).seed(7).threads(1)
				.fit(VETERAN.features(), VETERAN.time, VETERAN.status);
		assertArrayEquals(bytes, write(again));
		assertArrayEquals(bytes, write(RandomSurvivalForest.read(new ByteArrayInputStream(bytes))));
	}

	@Test
	void aDamagedFileIsRefused() {
		byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);
		assertThrows(IOException.class, () -> RandomSurvivalForest.read(new ByteArrayInputStream(truncated)));
		byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
		assertThrows(IOException.class, () -> RandomSurvivalForest.read(new ByteArrayInputStream(longer)));
		byte[] notAForest = "{\"kind\": \"random-survival-forest\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
		assertThrows(IOException.class, () -> RandomSurvivalForest.read(new ByteArrayInputStream(notAForest)));
	}
}
