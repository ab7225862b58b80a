package org.sparklstm.job.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.sparklstm.core.config.DataKeys;
import org.sparklstm.core.config.IntRange;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.datasets.midi.MidiFormat;
import org.sparklstm.datasets.midi.PerformanceAugmenter;

/**
 * Augments MIDI training windows on the executors: every window transposed by each semitone shift of
 * {@code --transpose} and, with {@code --time-stretch s}, also slowed and sped up by {@code s}. It is applied
 * after the train/validation split, so validation windows are never augmented and no copy of one can reach
 * training. A variant that would leave the keyboard is dropped.
 */
public final class Augmentation implements Serializable {
    private static final long serialVersionUID = 1L;

    private final IntRange transpose;
    private final double[] stretches;

    private Augmentation(IntRange transpose, double[] stretches) {
        this.transpose = transpose;
        this.stretches = stretches;
    }

    /**
     * @param config the run's configuration
     * @return its augmentation (none unless the format is MIDI and an augmentation is set)
     */
    public static Augmentation of(TrainingConfig config) {
        if (!(config.corpusFormat() instanceof MidiFormat)) {
            return new Augmentation(new IntRange(0, 0), new double[] {1});
        }
        double s = config.get(DataKeys.TIME_STRETCH);
        return new Augmentation(config.get(DataKeys.TRANSPOSE),
                s == 0 ? new double[] {1} : new double[] {1 - s, 1, 1 + s});
    }

    /** @return how many variants each window has at most (1: no augmentation) */
    public int variants() {
        return (transpose.max() - transpose.min() + 1) * stretches.length;
    }

    /**
     * @param train the training windows
     * @return them with their variants (the same RDD if there is no augmentation)
     */
    public JavaRDD<Window> apply(JavaRDD<Window> train) {
        return variants() == 1 ? train : train.flatMap(w -> variantsOf(w).iterator());
    }

    private List<Window> variantsOf(Window w) {
        List<Window> out = new ArrayList<>(variants());
        for (int semitones = transpose.min(); semitones <= transpose.max(); semitones++) {
            int[] moved = PerformanceAugmenter.transpose(w.ids(), semitones);
            if (moved == null) {
                continue;
            }
            for (double stretch : stretches) {
                int[] ids = stretch == 1 ? moved : PerformanceAugmenter.stretch(moved, stretch, moved.length);
                boolean original = semitones == 0 && stretch == 1;
                String source = original ? w.source()
                        : String.format(Locale.ROOT, "%s#transpose=%+d,stretch=%.3f", w.source(), semitones, stretch);
                if (ids.length > 1) {
                    out.add(new Window(source, w.offset(), ids));
                }
            }
        }
        return out;
    }
}
