package org.sparklstm.job.report;

import java.io.IOException;
import java.text.DecimalFormat;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Draws the project's line charts (white background, grid, marked points) as PNG with JFreeChart. */
public final class LineChart {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 420;
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
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection data = new XYSeriesCollection();
        for (XYSeries s : series) {
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, x, y, data, PlotOrientation.VERTICAL, true, false,
                false);
        XYPlot plot = chart.getXYPlot();
        if (logX) {
            LogAxis axis = new LogAxis(x);
            axis.setNumberFormatOverride(new DecimalFormat("#,##0"));
            plot.setDomainAxis(axis);
        }
        for (int i = 0; i < series.length; i++) {
            plot.getRenderer().setSeriesPaint(i, ChartStyle.PALETTE[i % ChartStyle.PALETTE.length]);
        }
        ChartStyle.whiteGrid(plot);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        ((XYLineAndShapeRenderer) plot.getRenderer()).setDefaultShapesVisible(true);
        return ChartStyle.png(chart, WIDTH, HEIGHT);
    }
}
