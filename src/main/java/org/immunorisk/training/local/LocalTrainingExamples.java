package org.immunorisk.training.local;

import org.immunorisk.training.NsclcCytokineCohort;
import org.immunorisk.training.RaProgressionCohort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * Writes the example data of docs/examples/local-training/ from ImmunoRisk's seeded synthetic cohort generators, laid
 * out as a site's export might be (its own column names, some values in other units, a few blank cells), so that the
 * documented commands run. SYNTHETIC: every number comes from the generators' assumptions (their class comments), not
 * from patients; a model trained on them shows how the command works and nothing about medicine.
 *
 * <pre>mvn -q compile exec:java -Dexec.mainClass=org.immunorisk.training.local.LocalTrainingExamples</pre>
 */
public final class LocalTrainingExamples {

	static final Path FOLDER = Path.of("docs/examples/local-training");
	static final long RA_SEED = 20250301L;
	static final long NSCLC_SEED = 20250302L;

	private LocalTrainingExamples() {}

	public static void main(String[] args) throws IOException {
		Path folder = args.length > 0 ? Path.of(args[0]) : FOLDER;
		Files.createDirectories(folder);
		Files.writeString(folder.resolve("ra-progression.csv"), raProgression());
		Files.writeString(folder.resolve("nsclc-survival.csv"), nsclcSurvival());
		System.out.println("Wrote " + folder.resolve("ra-progression.csv") + " and " + folder.resolve("nsclc-survival.csv"));
	}

	/**
	 * 300 synthetic patients starting a biologic ({@link RaProgressionCohort}): PRIME-cell signature score, CRP in
	 * mg/dL (the generator's mg/L divided by 10, so the mapping must say mg/dL and the command converts), the 0/1
	 * label, and an index date (the biologic's start) every 4 days from 2019-01-07. Every 40th CRP cell is blank, to
	 * show that such rows are left out and counted, not imputed.
	 */
	static String raProgression() {
		List<RaProgressionCohort.Patient> cohort = RaProgressionCohort.generate(RA_SEED, 300);
		StringBuilder csv = new StringBuilder("patient_id,biologic_start,prime_cell_score,crp_mg_dl,rapid_progression\n");
		LocalDate start = LocalDate.of(2019, 1, 7);
		for (int i = 0; i < cohort.size(); i++) {
			RaProgressionCohort.Patient p = cohort.get(i);
			csv.append(p.id()).append(',').append(start.plusDays(4L * i)).append(',')
					.append(String.format(Locale.ROOT, "%.4f", p.primeCell())).append(',')
					.append((i + 1) % 40 == 0 ? "" : String.format(Locale.ROOT, "%.3f", p.crp() / 10)).append(',')
					.append(p.rapidProgression() ? 1 : 0).append('\n');
		}
		return csv.toString();
	}

	/**
	 * The 222 synthetic patients of {@link NsclcCytokineCohort} (both cohorts: the local pipeline makes its own split)
	 * with seven of their inputs: age, sex, albumin in g/L (the generator's g/dL times 10), NLR, IL-8 and IL-11 in
	 * pg/mL, osteopontin in ng/mL (pg/mL divided by 1000); overall survival in months (days / 30.4375, two decimals)
	 * and death 0/1; an index date (the first ICI dose) every 3 days from 2020-02-03. Albumin is blank for every 50th
	 * patient.
	 */
	static String nsclcSurvival() {
		List<NsclcCytokineCohort.Patient> cohort = NsclcCytokineCohort.generate(NSCLC_SEED);
		int il8 = NsclcCytokineCohort.indexOf("il-8");
		int il11 = NsclcCytokineCohort.indexOf("il-11");
		int osteopontin = NsclcCytokineCohort.indexOf("osteopontin");
		StringBuilder csv = new StringBuilder("patient_id,first_ici_dose,os_months,died,age,sex,albumin_g_l,nlr,il8_pg_ml,"
				+ "il11_pg_ml,osteopontin_ng_ml\n");
		LocalDate start = LocalDate.of(2020, 2, 3);
		for (int i = 0; i < cohort.size(); i++) {
			NsclcCytokineCohort.Patient p = cohort.get(i);
			csv.append(p.id()).append(',').append(start.plusDays(3L * i)).append(',')
					.append(String.format(Locale.ROOT, "%.2f", p.days() / (365.25 / 12))).append(',').append(p.status()).append(',')
					.append(Numbers.plain(p.age())).append(',').append(p.sex()).append(',')
					.append((i + 1) % 50 == 0 ? "" : Numbers.plain(Math.round(p.albumin() * 100) / 10.0)).append(',')
					.append(Numbers.plain(p.nlr())).append(',').append(Numbers.plain(p.cytokines()[il8])).append(',')
					.append(Numbers.plain(p.cytokines()[il11])).append(',')
					.append(Numbers.plain(p.cytokines()[osteopontin] / 1000)).append('\n');
		}
		return csv.toString();
	}
}
