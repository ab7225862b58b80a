package org.sparklstm.job.report;

import java.io.IOException;
import java.text.DecimalFormat;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Draws the project's line charts (white background, grid, marked points) as PNG with JFreeChart. */
public final class LineChart {
    private LineChart() {
    }

    /**
     * @param title the chart's title
     * @param x the x axis label
     * @param y the y axis label
     * @param logX whether the x axis is logarithmic
     * @param series the lines
     * @return the chart as PNG
     * @throws IOException if encoding fails
     */
    public static byte[] png(String title, String x, String y, boolean logX, XYSeries... series) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (XYSeries s : series) {
            data.addSeries(s);
        }
        JFreeChart chart = ChartStyle.lines(title, x, y, data);
        XYPlot plot = chart.getXYPlot();
        if (logX) {
            LogAxis axis = new LogAxis(x);
            axis.setNumberFormatOverride(new DecimalFormat("#,##0"));
            plot.setDomainAxis(axis);
        }
        for (int i = 0; i < series.length; i++) {
            plot.getRenderer().setSeriesPaint(i, ChartStyle.PALETTE[i % ChartStyle.PALETTE.length]);
        }
        ((XYLineAndShapeRenderer) plot.getRenderer()).setDefaultShapesVisible(true);
        return ChartStyle.png(chart, ChartStyle.WIDTH, ChartStyle.HEIGHT);
    }
}
