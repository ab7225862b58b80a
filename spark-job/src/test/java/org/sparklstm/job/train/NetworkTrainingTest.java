package org.sparklstm.job.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparklstm.core.config.LearningRateDecay;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.core.family.NetworkKind;
import org.sparklstm.core.model.network.LearningRateSchedule;
import org.sparklstm.core.model.network.NetworkFactory;
import org.sparklstm.core.model.network.NetworkSpec;
import org.sparklstm.job.cli.RuntimeSettings;

/**
 * The learning rate the driver schedules is the one the executors train with: two copies of one network, built
 * with the same rate, step by a hundred times less on Spark local[2] when the driver lowers one copy's rate a
 * hundredfold before the round.
 */
class NetworkTrainingTest {
    private static final String CORPUS = "src/test/resources/corpora/kjv-excerpt.txt";

    @TempDir
    Path tmp;

    @Test
    void theRateSetOnTheDriverBeforeARoundIsTheRateTheWorkersStepWith() throws Exception {
        try (JavaSparkContext sc = new JavaSparkContext(RuntimeSettings.sparkConf("schedule-test")
                .setMaster("local[2]").set("spark.ui.enabled", "false"))) {
            TrainingConfig config = TrainingConfig.defaults().with(Map.of("hidden-size", "16", "layers", "1",
                    "sequence-length", "20", "averaging-frequency", "1", "learning-rate", "0.01"), "test");
            TrainingData data = TrainingData.read(sc, List.of(CORPUS), List.of(), config, null);
            double full = largestStep(sc, config, data, new LearningRateSchedule(0.01, 0, 0,
                    LearningRateDecay.NONE, 0.01));
            // warm-up over 99 iterations: the first round trains at a hundredth of the rate
            double warming = largestStep(sc, config, data, new LearningRateSchedule(0.01, 99, 0,
                    LearningRateDecay.NONE, 0.01));
            assertEquals(100, full / warming, 10, "one Adam step moves each weight by about the rate");
            data.windows().release();
        }
    }

    /** @return the largest change of a parameter in one round trained after scheduling its first rate */
    private double largestStep(JavaSparkContext sc, TrainingConfig config, TrainingData data,
                               LearningRateSchedule schedule) {
        MultiLayerNetwork network = NetworkFactory.create(NetworkSpec.of(config), data.codec().vocabularySize());
        INDArray before = network.params().dup();
        RoundFitter fitter = RoundFitter.of(sc, network, SparkTraining.of(config, 2), tmp.toString(), false);
        NetworkTraining training = new NetworkTraining(fitter, data, NetworkKind.LSTM, config.seed(),
                config.batchSize(), config.sequenceLength(), schedule);
        double rate = training.scheduleLearningRate(0, 0);
        assertEquals(schedule.at(0, 0), rate);
        assertEquals(rate, fitter.network().getLearningRate(0), 1e-9);
        EpochPlan plan = training.plan(0);
        training.fit(plan, 0, 0, plan.windowsInRound(0));
        plan.release();
        double step = fitter.network().params().sub(before).amaxNumber().doubleValue();
        assertTrue(step > 0, "trained");
        return step;
    }
}
