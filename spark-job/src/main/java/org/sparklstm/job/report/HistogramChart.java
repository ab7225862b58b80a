package org.sparklstm.job.report;

import java.io.IOException;
import java.text.DecimalFormat;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

/**
 * Draws counted bins as a histogram with JFreeChart, counts on a logarithmic axis (so the few items of a long tail,
 * the anomalies, stay visible beside the bulk).
 */
public final class HistogramChart {
    /** Where the bars start on the logarithmic count axis (under one, so a bin of one item shows). */
    private static final double FLOOR = 0.7;

    private HistogramChart() {
    }

    /**
     * @param title the chart's title
     * @param x the label of the binned value
     * @param edges the bins' edges, one more than the counts, ascending
     * @param counts the items in each bin
     * @return the chart as PNG
     * @throws IOException if encoding fails
     */
    public static byte[] png(String title, String x, double[] edges, long[] counts) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYIntervalSeries bins = new XYIntervalSeries("items");
        long most = 1;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                bins.add((edges[i] + edges[i + 1]) / 2, edges[i], edges[i + 1], counts[i], FLOOR, counts[i]);
                most = Math.max(most, counts[i]);
            }
        }
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        data.addSeries(bins);
        XYBarRenderer renderer = new XYBarRenderer();
        renderer.setUseYInterval(true);
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, ChartStyle.PALETTE[1]);
        NumberAxis value = new NumberAxis(x);
        value.setAutoRangeIncludesZero(false);
        LogAxis count = new LogAxis("items (log scale)");
        // a tick at each power of 2 for a few items, of 10 for many
        count.setBase(most > 64 ? 10 : 2);
        count.setTickUnit(new NumberTickUnit(1));
        count.setNumberFormatOverride(new DecimalFormat("#,##0"));
        count.setRange(FLOOR, most * 2.0);
        XYPlot plot = new XYPlot(data, value, count, renderer);
        ChartStyle.whiteGrid(plot);
        return ChartStyle.png(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false), ChartStyle.WIDTH,
                ChartStyle.HEIGHT);
    }
}
