package org.immunorisk.survival;

import static org.immunorisk.survival.KaplanMeierTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random survival forest against ranger 0.14.1 on the veteran data (reference: /work/shared/data/survival/README.md:
 * 1000 trees, mtry 3, min node size 3, log-rank splitting; OOB C over 20 seeds mean 0.6993, range 0.694–0.703).
 * The tests grow the full 1000 trees (about a second on two cores).
 */
class RandomSurvivalForestTest {

	private static final Veteran VETERAN = Veteran.load();
	private static RandomSurvivalForest forest;

	@BeforeAll
	static void grow() {
		forest = RandomSurvivalForest.builder().trees(1000).mtry(3).minNodeSize(3).seed(1).threads(2)
				.importance(true).fit(VETERAN.features(), VETERAN.time, VETERAN.status);
	}

	@Test
	void outOfBagConcordanceIsWithinTheReferenceBand() {
		// ±0.01 around 0.70: wider than ranger's seed-to-seed spread (sd 0.0022), narrow enough to catch a broken
		// splitting rule or mortality (karno alone gives 0.709, a Cox model 0.736, noise 0.5).
		assertEquals(0.70, forest.oobConcordance(), 0.01, "OOB Harrell's C");
		for (int count : forest.oobTreeCounts()) {
			assertTrue(count > 0, "with 1000 trees every subject is out of bag for some");
		}
	}

	@Test
	void medianSplitOfOutOfBagMortalitySeparatesRisk() {
		// ranger: chi-square about 33.8. This single split depends on the few subjects near the median, so only a
		// band is asserted (25–45): far above noise (a random split gives about 1), below the Cox split (41.0 in-sample).
		LogRankTest test = LogRankTest.of(VETERAN.time, VETERAN.status, medianSplit(forest.oobMortality()));
		assertTrue(test.chiSquare() > 25 && test.chiSquare() < 45, "log-rank chi-square " + test.chiSquare());
		assertTrue(test.observed("high") > test.expected("high"), "the high-mortality half dies faster");
	}

	@Test
	void permutationImportanceRanksKarnoFirst() {
		Map<String, Double> importance = forest.importance();
		List<String> ranking = forest.importanceRanking();
		assertEquals("karno", ranking.get(0), "importance " + importance);
		assertEquals("celltype", ranking.get(1), "importance " + importance);
		assertTrue(importance.get("karno") > 3 * importance.get("celltype"), "karno clearly first: " + importance);
		for (String weak : List.of("trt", "diagtime", "prior", "age")) {
			assertTrue(Math.abs(importance.get(weak)) < 0.25 * importance.get("karno"),
					weak + " should be near zero: " + importance);
		}
	}

	@Test
	void rangerCodingOfCelltypeAlsoLandsInTheBand() {
		// ranger's default (respect.unordered.factors = "ignore") splits celltype as its level codes 1–4; this
		// library splits categories by partitions. With ranger's coding the results should still agree.
		double[] trt = new double[VETERAN.n];
		double[] celltype = new double[VETERAN.n];
		List<String> levels = List.of("squamous", "smallcell", "adeno", "large");
		for (int i = 0; i < VETERAN.n; i++) {
			trt[i] = VETERAN.trt[i];
			celltype[i] = levels.indexOf(VETERAN.celltype[i]) + 1;
		}
		Features coded = Features.builder().numeric("trt", trt).numeric("celltype", celltype)
				.numeric("karno", VETERAN.karno).numeric("diagtime", VETERAN.diagtime).numeric("age", VETERAN.age)
				.numeric("prior", VETERAN.prior).build();
		RandomSurvivalForest rangerLike = RandomSurvivalForest.builder().trees(1000).mtry(3).minNodeSize(3).seed(1)
				.threads(2).fit(coded, VETERAN.time, VETERAN.status);
		assertEquals(0.70, rangerLike.oobConcordance(), 0.01, "OOB Harrell's C, celltype coded 1–4");
		LogRankTest test = LogRankTest.of(VETERAN.time, VETERAN.status, medianSplit(rangerLike.oobMortality()));
		assertTrue(test.chiSquare() > 25 && test.chiSquare() < 45, "log-rank chi-square " + test.chiSquare());
	}

	@Test
	void sameSeedSameForestWhateverTheThreads() {
		RandomSurvivalForest.Builder settings = RandomSurvivalForest.builder().trees(60).mtry(3).seed(42)
				.importance(true);
		RandomSurvivalForest one = settings.threads(1).fit(VETERAN.features(), VETERAN.time, VETERAN.status);
		RandomSurvivalForest two = settings.threads(2).fit(VETERAN.features(), VETERAN.time, VETERAN.status);
		assertArrayEquals(one.oobMortality(), two.oobMortality(), 0);
		assertEquals(one.oobConcordance(), two.oobConcordance(), 0);
		assertEquals(one.importance(), two.importance());
		RandomSurvivalForest other = settings.seed(43).fit(VETERAN.features(), VETERAN.time, VETERAN.status);
		assertTrue(other.oobConcordance() != one.oobConcordance(), "another seed grows another forest");
	}

	@Test
	void mortalityIsTheCumulativeHazardSummedOverDeathTimes() {
		Features some = Features.builder().numeric("trt", new double[] {1, 2})
				.categorical("celltype", new String[] {"adeno", "squamous"}).numeric("karno", new double[] {30, 90})
				.numeric("diagtime", new double[] {5, 5}).numeric("age", new double[] {60, 60})
				.numeric("prior", new double[] {0, 0}).build();
		double[] mortality = forest.mortality(some);
		double[][] hazard = forest.cumulativeHazard(some);
		for (int i = 0; i < 2; i++) {
			double sum = 0;
			for (int k = 0; k < hazard[i].length; k++) {
				sum += hazard[i][k];
				assertTrue(k == 0 || hazard[i][k] >= hazard[i][k - 1], "cumulative hazard never decreases");
			}
			assertEquals(sum, mortality[i], 1e-9 * sum);
		}
		assertEquals(forest.deathTimes().length, hazard[0].length);
		assertTrue(mortality[0] > mortality[1], "adeno, karno 30 is at higher risk than squamous, karno 90");
	}

	@Test
	void unseenCategoryFollowsTheMajority() {
		Features unseen = Features.builder().numeric("trt", new double[] {1})
				.categorical("celltype", new String[] {"mesothelioma"}).numeric("karno", new double[] {60})
				.numeric("diagtime", new double[] {5}).numeric("age", new double[] {60})
				.numeric("prior", new double[] {0}).build();
		assertTrue(Double.isFinite(forest.mortality(unseen)[0]));
	}

	@Test
	void singleObservation() {
		Features one = Features.builder().numeric("x", new double[] {1}).build();
		RandomSurvivalForest tiny = RandomSurvivalForest.builder().trees(5).fit(one, new double[] {3}, new int[] {1});
		// Always in bag: no OOB estimate; the one leaf's Nelson–Aalen hazard is 1 at t = 3.
		assertTrue(Double.isNaN(tiny.oobConcordance()));
		assertEquals(1.0, tiny.mortality(one)[0], 0);
	}

	@Test
	void tiesEverywhere() {
		// Everyone followed to t = 1; those with x = 1 die then, the others are censored then. The log-rank
		// split still separates them (at a single time it is the 2 × 2 hypergeometric test).
		int n = 20;
		double[] time = new double[n];
		int[] status = new int[n];
		double[] x = new double[n];
		for (int i = 0; i < n; i++) {
			time[i] = 1;
			status[i] = i % 2;
			x[i] = i % 2;
		}
		Features features = Features.builder().numeric("x", x).build();
		RandomSurvivalForest tied = RandomSurvivalForest.builder().trees(50).minNodeSize(1).seed(7)
				.fit(features, time, status);
		double[] mortality = tied.mortality(features);
		assertEquals(0.0, mortality[0], 1e-12, "censored group: Nelson–Aalen hazard 0");
		assertEquals(1.0, mortality[1], 1e-12, "dying group: everyone at risk dies, hazard 1");
		// R's rule makes each death comparable with each censoring at the same time: all concordant.
		assertEquals(1.0, tied.oobConcordance(), 0);
	}

	@Test
	void invalidInputIsRejected() {
		Features features = VETERAN.features();
		assertMessage("no events", () -> RandomSurvivalForest.builder().trees(5).fit(features, VETERAN.time,
				new int[VETERAN.n]));
		assertMessage("features has 137 values but there are 3 observations", () -> RandomSurvivalForest.builder()
				.fit(features, new double[] {1, 2, 3}, new int[] {1, 1, 1}));
		assertMessage("mtry 7 exceeds the number of variables 6",
				() -> RandomSurvivalForest.builder().mtry(7).fit(features, VETERAN.time, VETERAN.status));
		assertMessage("age[1] is not a finite number",
				() -> Features.builder().numeric("age", new double[] {1, Double.NaN}));
		assertMessage("column b has 3 values, the earlier columns 2", () -> Features.builder()
				.numeric("a", new double[] {1, 2}).numeric("b", new double[] {1, 2, 3}));
		assertMessage("min node size must be at least 1", () -> RandomSurvivalForest.builder().minNodeSize(0));
		String[] many = new String[40];
		for (int i = 0; i < many.length; i++) {
			many[i] = "level" + (i % 20);
		}
		double[] time = new double[40];
		int[] status = new int[40];
		java.util.Arrays.fill(time, 1);
		java.util.Arrays.fill(status, 1);
		assertMessage("has 20 levels", () -> RandomSurvivalForest.builder().trees(1)
				.fit(Features.builder().categorical("site", many).build(), time, status));
		assertMessage("status[0] must be 1 (event) or 0 (censored)", () -> RandomSurvivalForest.builder()
				.fit(Features.builder().numeric("x", new double[] {1}).build(), new double[] {1}, new int[] {5}));
	}

	private static String[] medianSplit(double[] values) {
		double median = CoxModelTest.median(values);
		String[] group = new String[values.length];
		for (int i = 0; i < values.length; i++) {
			group[i] = values[i] > median ? "high" : "low";
		}
		return group;
	}
}
