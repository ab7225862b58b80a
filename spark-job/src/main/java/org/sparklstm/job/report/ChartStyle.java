package org.sparklstm.job.report;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;

/** The look the project's charts share (white background, light grid, a palette) and their encoding as PNG. */
final class ChartStyle {
    /** Colours that stay apart on white (Okabe and Ito's palette, without its yellow). */
    static final Color[] PALETTE = {new Color(0xD55E00), new Color(0x0072B2), new Color(0x009E73),
        new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9), Color.BLACK};

    /** The width of a line chart, in pixels. */
    static final int WIDTH = 900;
    /** The height of a line chart, in pixels. */
    static final int HEIGHT = 420;

    private ChartStyle() {
    }

    /**
     * @param title the chart's title
     * @param x the x axis label
     * @param y the y axis label
     * @param data the lines
     * @return a line chart of them on white with a light grid, its value axis fitted to the data (not from zero)
     */
    static JFreeChart lines(String title, String x, String y, XYDataset data) {
        System.setProperty("java.awt.headless", "true");
        JFreeChart chart = ChartFactory.createXYLineChart(title, x, y, data, PlotOrientation.VERTICAL, true, false,
                false);
        XYPlot plot = chart.getXYPlot();
        whiteGrid(plot);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        return chart;
    }

    /** Draws the plot on white with a light grid. */
    static void whiteGrid(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    }

    /**
     * @param chart a chart
     * @param width its width in pixels
     * @param height its height in pixels
     * @return it as PNG
     * @throws IOException if encoding fails
     */
    static byte[] png(JFreeChart chart, int width, int height) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(png, chart, width, height);
        return png.toByteArray();
    }
}
