package org.sparklstm.job.report;

import java.awt.Color;
import java.io.IOException;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.sparklstm.datasets.midi.Note;

/** Draws a performance as a piano roll (pitch against seconds, darker for louder) with JFreeChart. */
public final class PianoRoll {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 300;

    private PianoRoll() {
    }

    /**
     * @param notes the performance
     * @param title the picture's title
     * @return a PNG picture of it
     * @throws IOException if the picture cannot be encoded
     */
    public static byte[] png(List<Note> notes, String title) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYIntervalSeries[] byLoudness = {new XYIntervalSeries("soft"), new XYIntervalSeries("medium"),
                new XYIntervalSeries("loud")};
        for (Note n : notes) {
            double start = n.startMicros() / 1e6;
            double end = n.endMicros() / 1e6;
            byLoudness[Math.min(2, n.velocity() / 43)].add(start, start, end, n.pitch(), n.pitch() - 0.45,
                    n.pitch() + 0.45);
        }
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        for (XYIntervalSeries s : byLoudness) {
            data.addSeries(s);
        }
        XYBarRenderer renderer = new XYBarRenderer();
        renderer.setUseYInterval(true);
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, new Color(0x9ecae1));
        renderer.setSeriesPaint(1, new Color(0x4292c6));
        renderer.setSeriesPaint(2, new Color(0x08306b));
        NumberAxis pitch = new NumberAxis("MIDI pitch");
        pitch.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, new NumberAxis("seconds"), pitch, renderer);
        ChartStyle.whiteGrid(plot);
        return ChartStyle.png(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true), WIDTH, HEIGHT);
    }
}
