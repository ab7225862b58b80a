package org.sparklstm.job.report;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;

/** The look the project's charts share (white background, light grid, a palette) and their encoding as PNG. */
final class ChartStyle {
    /** Colours that stay apart on white (Okabe and Ito's palette, without its yellow). */
    static final Color[] PALETTE = {new Color(0xD55E00), new Color(0x0072B2), new Color(0x009E73),
        new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9), Color.BLACK};

    private ChartStyle() {
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
