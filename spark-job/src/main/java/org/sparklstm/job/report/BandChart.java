package org.sparklstm.job.report;

import java.io.IOException;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** Draws lines with shaded bands around them (forecasts and their intervals) as PNG with JFreeChart. */
public final class BandChart {
    private static final float BAND_ALPHA = 0.18f;

    private BandChart() {
    }

    /**
     * @param title the chart's title
     * @param x the x axis label
     * @param y the y axis label
     * @param series the lines, each with its band (a band of no width for a plain line)
     * @return the chart as PNG
     * @throws IOException if encoding fails
     */
    public static byte[] png(String title, String x, String y, YIntervalSeries... series) throws IOException {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (YIntervalSeries s : series) {
            data.addSeries(s);
        }
        JFreeChart chart = ChartStyle.lines(title, x, y, data);
        DeviationRenderer renderer = new DeviationRenderer(true, true);
        renderer.setAlpha(BAND_ALPHA);
        for (int i = 0; i < series.length; i++) {
            renderer.setSeriesPaint(i, ChartStyle.PALETTE[i % ChartStyle.PALETTE.length]);
            renderer.setSeriesFillPaint(i, ChartStyle.PALETTE[i % ChartStyle.PALETTE.length]);
        }
        chart.getXYPlot().setRenderer(renderer);
        return ChartStyle.png(chart, ChartStyle.WIDTH, ChartStyle.HEIGHT);
    }
}
