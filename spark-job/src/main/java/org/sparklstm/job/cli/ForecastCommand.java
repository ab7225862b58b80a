package org.sparklstm.job.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.jfree.data.xy.YIntervalSeries;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.checkpoint.CheckpointStore;
import org.sparklstm.core.config.ConfigException;
import org.sparklstm.core.config.DataKeys;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.core.forecast.Autoregressive;
import org.sparklstm.core.forecast.Forecast;
import org.sparklstm.core.forecast.ForecastErrors;
import org.sparklstm.core.forecast.Forecaster;
import org.sparklstm.core.forecast.ModelForecaster;
import org.sparklstm.core.forecast.RandomWalk;
import org.sparklstm.core.io.FileIO;
import org.sparklstm.core.io.HadoopFileIO;
import org.sparklstm.core.run.RunLayout;
import org.sparklstm.datasets.CorpusException;
import org.sparklstm.datasets.series.Series;
import org.sparklstm.datasets.series.SeriesCodec;
import org.sparklstm.datasets.series.SeriesFormat;
import org.sparklstm.datasets.series.SeriesOptions;
import org.sparklstm.datasets.window.SplitAssigner;
import org.sparklstm.job.data.ReadLimits;
import org.sparklstm.job.data.SeriesTables;
import org.sparklstm.job.report.BandChart;
import org.sparklstm.job.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code forecast}: a series model's forecasts of the held-out end of each series (the stretch {@code split-by
 * end} holds out at the model's validation fraction), from rolling origins, against two baselines fitted in the same
 * run on each series' training side: the random walk and an autoregressive model.
 */
@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = "Forecast the held-out end of each series of a corpus with a series model (--format "
                + "series) from rolling origins, and print each method's errors (MAE, RMSE, interval coverage) "
                + "against a random walk and an autoregressive model fitted on the same training side; CSV files "
                + "are read without Spark, Parquet files, tables and queries by Spark SQL.")
public final class ForecastCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    CheckpointOption checkpoint;

    @Option(names = "--corpus", arity = "1..*", required = true, paramLabel = "PATH",
            description = "CSV and Parquet files, folders or globs, table:NAME and sql:QUERY, read as the model "
                    + "was trained")
    List<String> corpus;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master, for Parquet files, tables and queries (default: spark.master from "
                    + "spark-submit, else local[*]); CSV files are read without Spark")
    String master;

    @Option(names = "--horizon", defaultValue = "10", paramLabel = "H",
            description = "steps ahead each forecast covers (default: ${DEFAULT-VALUE})")
    int horizon;

    @Option(names = "--stride", paramLabel = "STEPS",
            description = "steps between two forecast origins in the held-out stretch (default: the horizon)")
    Integer stride;

    @Option(names = "--paths", defaultValue = "200", paramLabel = "N",
            description = "paths sampled per forecast, for the point (their median) and the interval "
                    + "(default: ${DEFAULT-VALUE})")
    int paths;

    @Option(names = "--coverage", defaultValue = "0.8", paramLabel = "SHARE",
            description = "the central share of the paths an interval holds (default: ${DEFAULT-VALUE})")
    double coverage;

    @Option(names = "--max-ar-order", defaultValue = "10", paramLabel = "P",
            description = "the highest order of the autoregressive baseline, chosen by AIC (default: "
                    + "${DEFAULT-VALUE})")
    int maxArOrder;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "SEED", description = "seed of the sampled paths")
    long seed;

    @Option(names = "--output", paramLabel = "DIR",
            description = "write forecast.json and plots of the first series' last forecasts (forecast-N.png) here "
                    + "(default: into the run's report, <run>/report/, whose page then shows them)")
    String output;

    @Override
    public Integer call() throws IOException {
        require(horizon >= 1, "horizon", horizon + ": at least 1 step ahead");
        require(stride == null || stride >= 1, "stride", stride + ": at least 1 step between origins");
        require(paths >= 2, "paths", paths + ": at least 2 paths, for an interval");
        require(coverage > 0 && coverage < 1, "coverage", coverage + ": a share between 0 and 1");
        Configuration hadoop = checkpoint.hadoop();
        CheckpointStore.Location located = checkpoint.locate();
        ModelBundle bundle = located.load();
        TrainingConfig config = bundle.config();
        if (!(bundle.codec() instanceof SeriesCodec codec)) {
            throw new ConfigException("checkpoint", checkpoint.checkpoint + " holds a " + config.get(DataKeys.FORMAT)
                    + " model; forecast needs one trained with --format series");
        }
        SeriesOptions options = ((SeriesFormat) config.corpusFormat()).options();
        Forecaster model = new ModelForecaster(bundle.model(), codec, config.get(DataKeys.EVAL_CONTEXT), paths,
                coverage, seed);
        int lag = codec.transform().lag();
        SplitAssigner end = new SplitAssigner(config.get(DataKeys.VALIDATION_FRACTION), SplitAssigner.Unit.END);
        int every = stride != null ? stride : horizon;
        Map<String, ForecastErrors> overall = new LinkedHashMap<>();
        ObjectNode out = JSON.createObjectNode();
        ArrayNode perSeries = out.putArray("series");
        ArrayNode skipped = out.putArray("skipped");
        List<byte[]> plots = new ArrayList<>();
        List<Series> series;
        try (LazySpark spark = new LazySpark(() -> checkpoint.conf.sparkConf(master))) {
            series = SeriesTables.series(corpus, options, ReadLimits.of(config).maxFileBytes(), hadoop, spark,
                    f -> skipped.addObject().put("path", f.source()).put("reason", f.content().skipReason()));
        }
        for (Series s : series) {
            double[] levels = s.levels();
            // the first held-out window reads the step it starts at and predicts the ones after it
            int first = (int) end.firstEndWindow(levels.length - lag, config.sequenceLength()) + 1 + lag;
            if (first >= levels.length) {
                skipped.addObject().put("path", s.name()).put("reason", "no held-out stretch: "
                        + levels.length + " values");
                continue;
            }
            double[] training = Arrays.copyOf(levels, first);
            List<Forecaster> methods = new ArrayList<>(List.of(model,
                    new RandomWalk(codec.transform(), training, paths, coverage, seed)));
            try {
                methods.add(Autoregressive.fit(codec.transform(), training, maxArOrder, paths, coverage, seed));
            } catch (IllegalArgumentException e) {
                skipped.addObject().put("path", s.name()).put("reason", "no autoregressive baseline: "
                        + e.getMessage());
            }
            ObjectNode row = perSeries.addObject().put("name", s.name()).put("training_levels", first)
                    .put("held_out_levels", levels.length - first);
            Map<String, Forecast> last = new LinkedHashMap<>();
            int lastOrigin = first;
            for (Forecaster m : methods) {
                ForecastErrors errors = new ForecastErrors(horizon);
                for (int origin = first; origin < levels.length; origin += every) {
                    Forecast f = m.forecast(levels, origin, horizon);
                    errors.add(f, Arrays.copyOfRange(levels, origin, Math.min(levels.length, origin + horizon)));
                    if (origin == first || origin + horizon <= levels.length) {
                        // the plot shows the last forecast whose whole horizon is known, if any
                        last.put(m.name(), f);
                        lastOrigin = origin;
                    }
                }
                String method = m == model ? bundle.model().kind() : m.name().startsWith("ar(") ? "ar"
                        : m.name();
                overall.computeIfAbsent(method, k -> new ForecastErrors(horizon)).merge(errors);
                row.set(method, errors(errors, m.name()));
            }
            if (plots.size() < RunLayout.FORECAST_PLOTS) {
                plots.add(plot(s.name(), levels, lastOrigin, last));
            }
        }
        if (perSeries.isEmpty()) {
            throw new CorpusException(String.join(",", corpus), "no series with a held-out end to forecast; skipped: "
                    + skipped);
        }
        out.put("model", bundle.model().kind());
        out.put("horizon", horizon);
        out.put("stride", every);
        out.put("paths", paths);
        out.put("coverage", coverage);
        ObjectNode all = out.putObject("overall");
        overall.forEach((k, v) -> all.set(k, errors(v, k).put(RunReport.OVER_RANDOM_WALK, meanRatio(perSeries, k))));
        print(spec.commandLine().getOut(), all, perSeries);
        CheckpointStore store = located.store();
        FileIO io = HadoopFileIO.of(URI.create(output != null ? output
                : store.runRoot().toString().replaceAll("/+$", "") + "/" + RunLayout.REPORT), hadoop);
        io.write(RunLayout.FORECAST, (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < plots.size(); i++) {
            io.write(RunLayout.forecastPlot(i + 1), plots.get(i));
        }
        if (output == null) {
            ReportCommand.rebuild(store, hadoop);
            spec.commandLine().getOut().println("In the run's report: " + store.runRoot() + "/"
                    + RunLayout.REPORT_INDEX);
        }
        return ExitCode.OK.code();
    }

    /** @throws ConfigException naming the option when {@code ok} is false */
    private static void require(boolean ok, String option, String problem) {
        if (!ok) {
            throw new ConfigException(option, problem);
        }
    }

    private static ObjectNode errors(ForecastErrors e, String name) {
        ObjectNode node = JSON.createObjectNode().put("method", name).put("mae", e.mae()).put("rmse", e.rmse())
                .put("coverage", e.coverage());
        ArrayNode steps = node.putArray("by_step");
        for (int h = 0; h < e.horizon(); h++) {
            if (e.count(h) > 0) {
                steps.addObject().put("step", h + 1).put("forecasts", e.count(h)).put("mae", e.mae(h))
                        .put("rmse", e.rmse(h)).put("coverage", e.coverage(h));
            }
        }
        return node;
    }

    /** @return the mean over the series of a method's MAE over the random walk's on the same series */
    private static double meanRatio(ArrayNode perSeries, String method) {
        double ratio = 0;
        int n = 0;
        for (var row : perSeries) {
            if (row.has(method)) {
                ratio += row.get(method).get("mae").asDouble() / row.get("random-walk").get("mae").asDouble();
                n++;
            }
        }
        return ratio / n;
    }

    private void print(PrintWriter w, ObjectNode overall, ArrayNode perSeries) {
        w.printf(Locale.ROOT, "%-28s %-12s %12s %12s %9s %9s%n", "series", "method", "MAE", "RMSE", "coverage",
                "MAE / RW");
        for (var row : perSeries) {
            double rw = row.get("random-walk").get("mae").asDouble();
            for (String method : (Iterable<String>) overall::fieldNames) {
                if (row.has(method)) {
                    var e = row.get(method);
                    String name = row.get("name").asText();
                    w.printf(Locale.ROOT, "%-28s %-12s %12.5g %12.5g %9.3f %9.3f%n",
                            name.substring(name.lastIndexOf('/') + 1), e.get("method").asText(),
                            e.get("mae").asDouble(), e.get("rmse").asDouble(), e.get("coverage").asDouble(),
                            e.get("mae").asDouble() / rw);
                }
            }
        }
        overall.fields().forEachRemaining(e -> w.printf(Locale.ROOT, "%-28s %-12s %12s %12s %9.3f %9.3f%n",
                "all " + perSeries.size() + " series", e.getKey(), "", "", e.getValue().get("coverage").asDouble(),
                e.getValue().get(RunReport.OVER_RANDOM_WALK).asDouble()));
        w.printf(Locale.ROOT, "horizon %d, %d paths per forecast, intervals of %.0f%%; MAE / RW: the mean absolute "
                + "error over the random walk's on the same series (below 1 beats it)%n", horizon, paths,
                coverage * 100);
    }

    private byte[] plot(String name, double[] levels, int origin, Map<String, Forecast> forecasts) throws IOException {
        List<YIntervalSeries> lines = new ArrayList<>();
        YIntervalSeries actual = new YIntervalSeries("actual");
        for (int t = Math.max(0, origin - 3 * horizon); t < Math.min(levels.length, origin + horizon); t++) {
            actual.add(t, levels[t], levels[t], levels[t]);
        }
        lines.add(actual);
        forecasts.forEach((method, f) -> {
            YIntervalSeries band = new YIntervalSeries(method + " (" + Math.round(coverage * 100) + "% interval)");
            for (int h = 0; h < horizon; h++) {
                band.add(origin + h, f.point()[h], f.lower()[h], f.upper()[h]);
            }
            lines.add(band);
        });
        return BandChart.png(name.substring(name.lastIndexOf('/') + 1) + ": the last full forecast, from step " + origin,
                "step", "level", lines.toArray(new YIntervalSeries[0]));
    }
}
