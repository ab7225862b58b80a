package org.sparklstm.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparklstm.core.run.RunLayout;
import org.sparklstm.datasets.formats.CodecJson;
import org.sparklstm.datasets.series.Series;
import org.sparklstm.datasets.series.SeriesCodec;
import org.sparklstm.datasets.series.SeriesOptions;
import org.sparklstm.datasets.series.SeriesReader;
import org.sparklstm.datasets.series.SeriesTransform;

/**
 * {@code --format series} end to end on Spark {@code local[2]}: R's EuStockMarkets, each index's final tenth held
 * out by {@code --split-by end}, the bins fitted on the training side alone, a chain and a network trained and
 * scored; a corpus with bad cells and bad files is counted in the data report and the rest trains.
 */
class SeriesTrainingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path EU_STOCK = Path.of("../datasets/src/test/resources/series/eustockmarkets.csv");
    private static final int LENGTH = 50;

    @TempDir
    Path tmp;

    @Test
    void eachSeriesEndIsHeldOutAndTheBinsAreFittedOnTheRest() throws IOException {
        Path run = tmp.resolve("markov");
        CliRunner.Outcome o = CliRunner.run("train", "--model", "markov", "--order", "3", "--format", "series",
                "--time-column", "time", "--split-by", "end", "--validation-fraction", "0.1", "--sequence-length",
                String.valueOf(LENGTH), "--corpus", EU_STOCK.toString(), "--master", "local[2]", "--output",
                run.toString(), "--sample-length", "5");
        assertEquals(0, o.exitCode(), o.err());
        JsonNode report = JSON.readTree(run.resolve(RunLayout.DATA_REPORT).toFile());
        assertEquals("end", report.get("split_by").asText());
        assertEquals(4, report.get("documents").asLong(), "DAX, SMI, CAC, FTSE");

        List<Series> series = new SeriesReader(new SeriesOptions(List.of(), "time", "", SeriesTransform.LOG_RETURNS,
                32)).read(EU_STOCK.toString(), Files.readAllBytes(EU_STOCK)).series();
        long validation = 0;
        Map<Integer, Long> trainingCounts = new HashMap<>();
        for (Series s : series) {
            double[] steps = SeriesTransform.LOG_RETURNS.apply(s.levels());
            for (int start = 0; start + 1 < steps.length; start += LENGTH) {
                int to = Math.min(steps.length, start + LENGTH + 1);
                if (start >= Math.ceil(0.9 * steps.length)) {
                    validation += to - start - 1;
                } else {
                    for (int i = start == 0 ? 0 : start + 1; i < to; i++) {
                        trainingCounts.merge(SeriesCodec.symbol(steps[i]), 1L, Long::sum);
                    }
                }
            }
        }
        assertEquals(validation, report.get("validation_tokens").asLong(), "each series' last windows");
        assertTrue(validation > 0.08 * 4 * 1859 && validation < 0.12 * 4 * 1859, validation + " tokens");

        SeriesCodec saved;
        try (Stream<Path> codecs = Files.walk(run.resolve("checkpoints"))) {
            saved = (SeriesCodec) CodecJson.read(Files.readString(codecs.filter(p -> p.endsWith("codec.json"))
                    .findFirst().orElseThrow()));
        }
        SeriesCodec trainingSide = SeriesCodec.fit(SeriesTransform.LOG_RETURNS, trainingCounts, 32);
        assertArrayEquals(trainingSide.edges(), saved.edges(), "bins from the training side's steps alone");
        assertEquals(32, saved.vocabularySize());

        forecastsBeatNothingTheyCannotAndTheRandomWalkIsTheLastValue(run, series);

        CliRunner.Outcome scored = CliRunner.run("evaluate", "--checkpoint", run.toString(), "--corpus",
                EU_STOCK.toString());
        assertEquals(0, scored.exitCode(), scored.err());
        JsonNode result = JSON.readTree(scored.out().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
        assertEquals(4 * 1858, result.get("tokens").asLong(), "every step after each series' first, as a stream");
        double bits = result.get("bits_per_token").asDouble();
        assertTrue(bits > 1 && bits < 5, "the chain knows something of 32 bins: " + bits);

        Path lstm = tmp.resolve("lstm");
        CliRunner.Outcome net = CliRunner.run("train", "--format", "series", "--time-column", "time", "--split-by",
                "end", "--validation-fraction", "0.1", "--sequence-length", String.valueOf(LENGTH), "--corpus",
                EU_STOCK.toString(), "--master", "local[2]", "--output", lstm.toString(), "--max-iterations", "4",
                "--hidden-size", "16", "--layers", "1", "--sample-length", "8");
        assertEquals(0, net.exitCode(), net.err());
        JsonNode last = JSON.readTree(Files.readAllLines(lstm.resolve(RunLayout.METRICS)).get(
                Files.readAllLines(lstm.resolve(RunLayout.METRICS)).size() - 1));
        assertTrue(Double.isFinite(last.get("val_bits_per_token").asDouble()), last.toString());
        assertTrue(last.get("sample").asText().strip().split(" ").length >= 8, "numbers: " + last.get("sample"));
    }

    @Test
    void badCellsAndBadFilesAreCountedAndTheRestTrains() throws IOException {
        Path corpus = Files.createDirectories(tmp.resolve("csv"));
        StringBuilder good = new StringBuilder("day,close\n");
        for (int i = 0; i < 400; i++) {
            good.append(String.format("2020-%02d-%02d,%s%n", 1 + i / 28 % 12, 1 + i % 28,
                    i == 7 ? "n/a" : i == 9 ? "12,5x" : String.valueOf(100 + Math.sin(i / 5.0) * 10 + i % 3)));
        }
        Files.writeString(corpus.resolve("good.csv"), good.toString());
        Files.writeString(corpus.resolve("other.csv"), "day,open\n2020-01-01,3\n2020-01-02,4\n");
        Files.write(corpus.resolve("binary.csv"), new byte[] {'d', 'a', 'y', ',', 'c', 'l', 'o', 's', 'e', '\n',
            '"', 0, 1, 2});
        Path run = tmp.resolve("run");
        CliRunner.Outcome o = CliRunner.run("train", "--model", "markov", "--order", "2", "--format", "series",
                "--time-column", "day", "--value-columns", "close", "--series-transform", "levels", "--split-by",
                "end", "--corpus", corpus.toString(), "--master", "local[2]", "--output", run.toString(),
                "--sample-length", "0");
        assertEquals(0, o.exitCode(), o.err());
        JsonNode report = JSON.readTree(run.resolve(RunLayout.DATA_REPORT).toFile());
        assertEquals(1, report.get("files_read").asLong(), report.toString());
        assertEquals(2, report.get("files_skipped").asLong(), report.toString());
        assertEquals(1, report.get("bad_rows_by_kind").get("gap").asLong(), report.toString());
        assertEquals(1, report.get("bad_rows_by_kind").get("malformed").asLong(), "12,5x: one cell too many");
        assertTrue(report.get("bad_rows_by_kind").get("unsorted-time").asLong() > 0, "the dates wrap each year");
        for (JsonNode f : report.get("files")) {
            String path = f.get("path").asText();
            if (path.endsWith("other.csv")) {
                assertTrue(f.get("reason").asText().contains("no column 'close'"), f.toString());
            } else if (path.endsWith("good.csv")) {
                assertTrue(f.get("bad_row_examples").get("gap").get(0).asText().contains("good.csv row 9"),
                        f.toString());
            }
        }
    }

    /** {@code forecast} of the chain just trained: its table, the baselines' figures checked by hand, its files. */
    private void forecastsBeatNothingTheyCannotAndTheRandomWalkIsTheLastValue(Path run, List<Series> series)
            throws IOException {
        Path out = run.resolve(RunLayout.REPORT);
        CliRunner.Outcome o = CliRunner.run("forecast", "--checkpoint", run.toString(), "--corpus",
                EU_STOCK.toString(), "--horizon", "5", "--paths", "50");
        assertEquals(0, o.exitCode(), o.err());
        String page = Files.readString(run.resolve(RunLayout.REPORT_INDEX));
        assertTrue(page.contains("Forecasts of the held-out ends") && page.contains("4 series, 5 steps ahead")
                && page.contains("<img src=\"forecast-4.png\""), "the run's report shows the forecast: " + page);
        for (String method : List.of("markov", "random-walk", "ar(")) {
            assertTrue(o.out().contains("eustockmarkets.csv#DAX       " + method), o.out());
        }
        assertTrue(o.out().contains("all 4 series"), o.out());
        JsonNode result = JSON.readTree(out.resolve(RunLayout.FORECAST).toFile());
        assertTrue(page.contains(String.format(java.util.Locale.ROOT, "%.3f", result.get("overall").get("markov")
                .get("mae_over_random_walk").asDouble())), "the chain's MAE over the random walk's: " + page);
        JsonNode dax = result.get("series").get(0);
        assertEquals("file:" + EU_STOCK.toAbsolutePath().normalize() + "#DAX", "file:" + Path.of(dax.get("name")
                .asText().replace("file:", "")).toAbsolutePath().normalize(), dax.toString());
        double[] levels = series.get(0).levels();
        int first = dax.get("training_levels").asInt();
        assertEquals(levels.length, first + dax.get("held_out_levels").asInt());
        assertEquals(1 + 1700 + 1, first, "the first held-out step's level: the last window start, then the lag");
        double sum = 0;
        int n = 0;
        for (int origin = first; origin < levels.length; origin += 5) {
            sum += Math.abs(levels[origin] - levels[origin - 1]);
            n++;
        }
        JsonNode walk = dax.get("random-walk").get("by_step").get(0);
        assertEquals(n, walk.get("forecasts").asInt());
        assertEquals(sum / n, walk.get("mae").asDouble(), 1e-9, "the random walk's one-step error, by hand");
        double coverage = dax.get("markov").get("coverage").asDouble();
        assertTrue(coverage > 0.3 && coverage <= 1, "the chain's intervals hold something: " + coverage);
        assertTrue(Files.size(out.resolve(RunLayout.forecastPlot(1))) > 10_000, "a plot of DAX's last forecasts");

        CliRunner.Outcome onePath = CliRunner.run("forecast", "--checkpoint", run.toString(), "--corpus",
                EU_STOCK.toString(), "--paths", "1");
        assertEquals(org.sparklstm.job.cli.ExitCode.USAGE.code(), onePath.exitCode(), onePath.err());
        assertTrue(onePath.err().contains("paths"), "the option is named: " + onePath.err());

        CliRunner.Outcome none = CliRunner.run("forecast", "--checkpoint", run.toString(), "--corpus",
                tmp.resolve("none.csv").toString());
        assertTrue(none.exitCode() != 0, "nothing to forecast is an error: " + none.out());

        Path book = Files.writeString(tmp.resolve("book.txt"), Files.readString(Path.of(
                TrainSampleEvaluateTest.MOBY_DICK)).substring(0, 5_000));
        Path textRun = tmp.resolve("text");
        assertEquals(0, CliRunner.run("train", "--model", "markov", "--order", "2", "--corpus", book.toString(),
                "--master", "local[2]", "--output", textRun.toString(), "--sample-length", "0").exitCode());
        CliRunner.Outcome text = CliRunner.run("forecast", "--checkpoint", textRun.toString(), "--corpus",
                EU_STOCK.toString());
        assertEquals(org.sparklstm.job.cli.ExitCode.USAGE.code(), text.exitCode(), text.err());
        assertTrue(text.err().contains("forecast needs one trained with --format series"), text.err());
    }
}
