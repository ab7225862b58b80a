package org.sparklstm.core.forecast;

import java.util.Arrays;
import java.util.Random;
import org.sparklstm.core.generate.Sampler;
import org.sparklstm.core.model.Decoder;
import org.sparklstm.core.model.SequenceModel;
import org.sparklstm.datasets.series.SeriesCodec;

/**
 * Forecasts with a trained model of quantised steps: it reads the series' last {@code context} steps, draws
 * {@code paths} continuations at temperature 1 side by side (one decoder, its state copied to every path), decodes
 * each bin to its mean step and the steps to levels; the point is each step's median over the paths.
 */
public final class ModelForecaster implements Forecaster {
    private final SequenceModel model;
    private final SeriesCodec codec;
    private final int context;
    private final int paths;
    private final double coverage;
    private final long seed;

    /**
     * @param model the trained model
     * @param codec its codec
     * @param context how many of the last known steps it reads, at least 1
     * @param paths how many continuations it draws
     * @param coverage the share of paths an interval holds
     * @param seed the draws' seed (each forecast draws from its own, derived from it and the origin)
     */
    public ModelForecaster(SequenceModel model, SeriesCodec codec, int context, int paths, double coverage,
                           long seed) {
        this.model = model;
        this.codec = codec;
        this.context = Math.max(1, context);
        this.paths = paths;
        this.coverage = coverage;
        this.seed = seed;
    }

    @Override
    public String name() {
        return model.kind();
    }

    @Override
    public Forecast forecast(double[] levels, int origin, int horizon) {
        int lag = codec.transform().lag();
        double[] steps = codec.transform().apply(Arrays.copyOf(levels, origin));
        int[] ids = new int[Math.min(context, steps.length)];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = codec.bin(steps[steps.length - ids.length + i]);
        }
        if (ids.length == 0) {
            throw new IllegalArgumentException("a forecast needs at least " + (lag + 1) + " known levels");
        }
        Decoder decoder = model.decoder(1);
        double[] probs = null;
        for (int id : ids) {
            probs = decoder.step(new int[] {id})[0];
        }
        decoder.reorder(new int[paths]);
        double[][] current = new double[paths][];
        Arrays.fill(current, probs);
        Random random = new Random(seed * 1_000_003L + origin);
        double[][] drawn = new double[paths][horizon];
        int[] next = new int[paths];
        for (int h = 0; h < horizon; h++) {
            for (int p = 0; p < paths; p++) {
                next[p] = Sampler.draw(current[p], 1, 0, random);
                drawn[p][h] = codec.step(next[p]);
            }
            if (h + 1 < horizon) {
                current = decoder.step(next.clone());
            }
        }
        return Forecast.ofPaths(StepPaths.levels(codec.transform(), levels[origin - 1], drawn), coverage);
    }
}
