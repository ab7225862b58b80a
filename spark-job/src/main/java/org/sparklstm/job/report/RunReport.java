package org.sparklstm.job.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.data.xy.XYSeries;
import org.sparklstm.core.run.RunLayout;
import org.sparklstm.core.run.MetricsLog;
import org.sparklstm.core.run.RunFiles;

/**
 * The run report, {@code <output>/report/index.html}: plots (PNG) of the training and validation loss against
 * iterations and time and of the speed, the samples drawn at each evaluation (for music: a piano roll, a player
 * and links to the MIDI and WAV files), the configuration and the data report. Built only from what the run
 * wrote ({@code metrics.jsonl}, {@code data-report.json}, the configuration), so it can be rebuilt at any time.
 */
public final class RunReport {
    /** The plots the report draws, by file name. */
    public static final List<String> PLOTS = List.of("loss-by-iteration.png", "loss-by-time.png", "speed.png");

    /** The metrics field naming a music sample's files (relative to the report, without extension). */
    public static final String SAMPLE_FILES = "sample_files";
    /** The metrics field holding how long an evaluation took (scoring, sampling, its files), in seconds. */
    public static final String EVALUATION_SECONDS = "evaluation_seconds";

    /** The field of a method's overall errors in {@code forecast.json}: its mean MAE over the random walk's. */
    public static final String OVER_RANDOM_WALK = "mae_over_random_walk";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunFiles files;

    /** @param files the run's files */
    public RunReport(RunFiles files) {
        this.files = files;
    }

    /**
     * Writes the report's page and plots.
     *
     * @param config the run's configuration as key to value
     * @return the number of evaluations the report shows
     * @throws IOException if the run's files cannot be read or the report written
     */
    public int write(Map<String, String> config) throws IOException {
        List<JsonNode> evals = MetricsLog.read(files);
        XYSeries trainByIter = new XYSeries("training (last round)");
        XYSeries valByIter = new XYSeries("validation");
        XYSeries valByTime = new XYSeries("validation");
        XYSeries speed = new XYSeries("tokens per second");
        for (JsonNode e : evals) {
            double iteration = e.path("iteration").asDouble();
            double minutes = e.path("elapsed_seconds").asDouble() / 60;
            if (Double.isFinite(e.path("train_loss").asDouble(Double.NaN))) {
                trainByIter.add(iteration, e.path("train_loss").asDouble());
            }
            valByIter.add(iteration, e.path("val_bits_per_token").asDouble());
            valByTime.add(minutes, e.path("val_bits_per_token").asDouble());
            speed.add(minutes, e.path("tokens_per_second").asDouble());
        }
        plot(PLOTS.get(0), "Loss by iteration", "iteration", "bits per token", trainByIter, valByIter);
        plot(PLOTS.get(1), "Validation loss by training time", "minutes", "bits per token", valByTime);
        plot(PLOTS.get(2), "Training speed", "minutes", "tokens per second", speed);
        files.write(RunLayout.REPORT_INDEX, html(evals, config, files.readOrEmpty(RunLayout.DATA_REPORT)));
        return evals.size();
    }

    private void plot(String name, String title, String x, String y, XYSeries... series) throws IOException {
        files.write(RunLayout.REPORT + "/" + name, LineChart.png(title, x, y, false, series));
    }

    private String html(List<JsonNode> evals, Map<String, String> config, String dataReport) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>spark-lstm run report</title>")
                .append("<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}")
                .append("pre{white-space:pre-wrap;background:#f6f6f6;padding:6px;margin:0}img{max-width:100%}</style>")
                .append("</head><body>\n<h1>Run report</h1>\n<p>").append(esc(files.root().toString())).append("</p>\n");
        if (evals.isEmpty()) {
            h.append("<p>No evaluation yet.</p>\n");
        } else {
            JsonNode last = evals.get(evals.size() - 1);
            double best = evals.stream().mapToDouble(e -> e.path("val_bits_per_token").asDouble())
                    .filter(Double::isFinite).min().orElse(Double.NaN);
            h.append("<table>")
                    .append(row("validation bits per token (last)", fmt(last.path("val_bits_per_token").asDouble())))
                    .append(row("validation bits per token (best)", fmt(best)))
                    .append(row("iterations", last.path("iteration").asText()))
                    .append(row("epochs done", last.path("epoch").asText()))
                    .append(row("training tokens seen", last.path("tokens_seen").asText()))
                    .append(row("training time", String.format(Locale.ROOT, "%.1f min",
                            last.path("elapsed_seconds").asDouble() / 60)))
                    .append(row("evaluations", String.valueOf(evals.size())))
                    .append(evaluationShare(evals))
                    .append("</table>\n");
        }
        h.append("<h2>Curves</h2>\n");
        for (String p : PLOTS) {
            h.append("<p><img src=\"").append(p).append("\" alt=\"").append(p).append("\"></p>\n");
        }
        h.append(forecasts());
        h.append("<h2>Samples at each evaluation</h2>\n<table><tr><th>iteration</th><th>validation</th>")
                .append("<th>sample (temperature 0.8)</th></tr>\n");
        for (JsonNode e : evals) {
            h.append("<tr><td>").append(e.path("iteration").asText()).append("</td><td>")
                    .append(fmt(e.path("val_bits_per_token").asDouble())).append("</td><td>")
                    .append(sampleCell(e)).append("</td></tr>\n");
        }
        h.append("</table>\n<h2>Configuration</h2>\n<table>");
        config.forEach((k, v) -> h.append(row(k, v)));
        h.append("</table>\n<h2>Data</h2>\n<pre>").append(esc(dataReport)).append("</pre>\n</body></html>\n");
        return h.toString();
    }

    /**
     * @return the last {@code forecast}'s errors by method and its plots, or nothing when none was made (or its
     *         file cannot be read: the report still shows the rest)
     */
    private String forecasts() {
        JsonNode f;
        try {
            String text = files.readOrEmpty(RunLayout.REPORT + "/" + RunLayout.FORECAST);
            if (text.isBlank()) {
                return "";
            }
            f = JSON.readTree(text);
        } catch (IOException e) {
            return "<h2>Forecasts</h2>\n<p>" + esc(RunLayout.FORECAST + " cannot be read: " + e.getMessage())
                    + "</p>\n";
        }
        StringBuilder h = new StringBuilder("<h2>Forecasts of the held-out ends</h2>\n<p>")
                .append(esc(String.format(Locale.ROOT, "%d series, %d steps ahead from an origin every %d steps, "
                        + "%d sampled paths per forecast, intervals holding %.0f%% of them.", f.path("series").size(),
                        f.path("horizon").asInt(), f.path("stride").asInt(), f.path("paths").asInt(),
                        100 * f.path("coverage").asDouble())))
                .append(" MAE / RW: the mean absolute error over the random walk's, series by series (below 1 "
                        + "beats it).</p>\n<table><tr><th>method</th><th>MAE</th><th>RMSE</th><th>coverage</th>"
                        + "<th>MAE / RW</th></tr>\n");
        f.path("overall").forEach(m -> h.append("<tr><td>").append(esc(m.path("method").asText())).append("</td><td>")
                .append(String.format(Locale.ROOT, "%.5g</td><td>%.5g</td><td>%.3f</td><td>%.3f", m.path("mae")
                        .asDouble(), m.path("rmse").asDouble(), m.path("coverage").asDouble(),
                        m.path(OVER_RANDOM_WALK).asDouble())).append("</td></tr>\n"));
        h.append("</table>\n");
        for (int n = 1; n <= Math.min(RunLayout.FORECAST_PLOTS, f.path("series").size()); n++) {
            h.append("<p><img src=\"").append(RunLayout.forecastPlot(n)).append("\" alt=\"forecast ").append(n)
                    .append("\"></p>\n");
        }
        return h.toString();
    }

    /** A text sample as preformatted text; a music sample as its piano roll, a player and file links. */
    private static String sampleCell(JsonNode e) {
        String text = "<pre>" + esc(e.path("sample").asText()) + "</pre>";
        if (!e.hasNonNull(SAMPLE_FILES)) {
            return text;
        }
        String base = esc(e.path(SAMPLE_FILES).asText());
        return text + "<img src=\"" + base + ".png\" alt=\"piano roll\"><br><audio controls src=\"" + base
                + ".wav\"></audio> <a href=\"" + base + ".mid\">MIDI</a> <a href=\"" + base + ".wav\">WAV</a>";
    }

    /**
     * @return a row with the share of the training time the evaluations took, or nothing when the records predate
     *         {@value #EVALUATION_SECONDS}
     */
    private static String evaluationShare(List<JsonNode> evals) {
        List<JsonNode> timed = evals.stream().filter(e -> e.has(EVALUATION_SECONDS)).toList();
        if (timed.isEmpty()) {
            return "";
        }
        double seconds = timed.stream().mapToDouble(e -> e.path(EVALUATION_SECONDS).asDouble()).sum();
        JsonNode last = evals.get(evals.size() - 1);
        double total = last.path("elapsed_seconds").asDouble() + last.path(EVALUATION_SECONDS).asDouble();
        return row("time spent evaluating", String.format(Locale.ROOT, "%.1f%% (%.1f min of %.1f)%s",
                total > 0 ? 100 * seconds / total : 0.0, seconds / 60, total / 60,
                timed.size() < evals.size() ? ", over the " + timed.size() + " evaluations that recorded it" : ""));
    }

    private static String row(String key, String value) {
        return "<tr><th>" + esc(key) + "</th><td>" + esc(value) + "</td></tr>";
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.4f", d);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
