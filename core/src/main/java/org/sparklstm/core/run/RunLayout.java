package org.sparklstm.core.run;

import java.util.regex.Pattern;

/**
 * Every name under a run root, in one place: a training run's root, a retraining root (whose generations are
 * training runs) and a comparison root (one training run per model). Paths are relative to the root they are under.
 */
public final class RunLayout {
    /** The checkpoints folder of a run. */
    public static final String CHECKPOINTS = "checkpoints";
    /** Under {@link #CHECKPOINTS}: the name of the published checkpoint, written last. */
    public static final String LATEST = "LATEST";
    /** The run's lease: its holder, renewed while it runs. */
    public static final String LEASE = "_lease.json";
    /** Beside the lease on S3: the object that probes whether the store honours conditional writes. */
    public static final String LEASE_PROBE = "_lease.probe";
    /** One JSON record per evaluation. */
    public static final String METRICS = "metrics.jsonl";
    /** Every corpus file with its size and status, and the corpus totals. */
    public static final String DATA_REPORT = "data-report.json";
    /** The executors that ran tasks and those lost. */
    public static final String EXECUTORS_REPORT = "executors.json";
    /** DL4J's Spark training stats, with {@code --training-stats}. */
    public static final String TRAINING_STATS = "training-stats.html";
    /** The run report: {@code index.html}, plots and music samples. */
    public static final String REPORT = "report";
    /** The run report's page. */
    public static final String REPORT_INDEX = REPORT + "/index.html";
    /** The errors of the last {@code forecast} of the run's model, under {@link #REPORT}. */
    public static final String FORECAST = "forecast.json";
    /** The largest number of series the report plots the forecasts of. */
    public static final int FORECAST_PLOTS = 4;
    /** Written when the run has done all it was asked. */
    public static final String COMPLETE = "_COMPLETE";
    /** Where {@code train --restart} keeps an earlier run's checkpoints and metrics, one folder per restart. */
    public static final String ABANDONED_RUNS = "_abandoned";
    /** A {@code --restart} under way: names its folder under {@link #ABANDONED_RUNS}. */
    public static final String RESTARTING = "_restarting";
    /** Where DL4J's export training approach writes each round's minibatches. */
    public static final String EXPORT = "_export";
    /** In a retraining generation: what it trains, written before it trains. */
    public static final String RETRAIN_RECORD = "retrain.json";
    /** In a retraining generation: closed without finishing, with the reason. */
    public static final String GENERATION_ABANDONED = "_ABANDONED";
    /** In a comparison root: the table of the models compared. */
    public static final String COMPARISON = "compare.json";
    /** In a comparison root: their learning curves. */
    public static final String COMPARISON_PLOT = "compare.png";
    /** In a score root: every document's score, written by the executors (Parquet or JSON Lines part files). */
    public static final String SCORES = "scores";
    /** In a score root: the summary (mean, quantiles, the most surprising documents), written last. */
    public static final String SCORE_SUMMARY = "score-summary.json";
    /** In a score root: the histogram of the documents' bits per token, as a picture. */
    public static final String SCORE_HISTOGRAM = "score-histogram.png";
    /** In a sample root: the samples drawn on the executors, {@code sample-00001.txt} and on. */
    public static final String SAMPLES = "samples";
    /** In a sample root: each sample's file, seed and size, written last. */
    public static final String SAMPLES_INDEX = "samples.json";
    /** In a filter root: what was kept, in the corpus's own format. */
    public static final String KEPT = "kept";
    /** In a filter root: what was kept and dropped, written last. */
    public static final String FILTER_REPORT = "filter-report.json";

    private static final Pattern GENERATION = Pattern.compile("gen-\\d{5}");

    private RunLayout() {
    }

    /**
     * @param n a generation's number, from 1
     * @return its folder's name under a retraining root
     */
    public static String generation(int n) {
        return String.format("gen-%05d", n);
    }

    /**
     * @param name a folder's name under a retraining root
     * @return whether it is a generation's
     */
    public static boolean isGeneration(String name) {
        return GENERATION.matcher(name).matches();
    }

    /**
     * @param n which plot, from 1 to {@link #FORECAST_PLOTS}
     * @return the plot of the last {@code forecast}'s {@code n}-th series, under {@link #REPORT}
     */
    public static String forecastPlot(int n) {
        return "forecast-" + n + ".png";
    }
}
