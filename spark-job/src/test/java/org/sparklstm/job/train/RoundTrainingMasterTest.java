package org.sparklstm.job.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.BlockManager;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.core.model.network.NetworkFactory;
import org.sparklstm.core.model.network.NetworkSpec;
import org.sparklstm.job.cli.RuntimeSettings;
import org.apache.spark.storage.BlockStatus;
import scala.Option;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction1;

/** Parameter averaging on Spark local[2] leaves no round's parameter broadcast behind. */
class RoundTrainingMasterTest {
    private static final String CORPUS = "src/test/resources/corpora/kjv-excerpt.txt";

    @TempDir
    Path tmp;

    @Test
    void eachRoundsParameterBroadcastIsReleasedOnceItIsAveraged() throws Exception {
        try (JavaSparkContext sc = new JavaSparkContext(RuntimeSettings.sparkConf("broadcast-test")
                .setMaster("local[2]").set("spark.ui.enabled", "false"))) {
            // about 0.9 M parameters: a broadcast of parameters and Adam state is over 10 MB
            TrainingConfig config = TrainingConfig.defaults().with(Map.of("hidden-size", "256",
                    "sequence-length", "20", "averaging-frequency", "2"), "test");
            TrainingData data = TrainingData.read(sc, List.of(CORPUS), List.of(), config, null);
            MultiLayerNetwork network = NetworkFactory.create(NetworkSpec.of(config), data.codec().vocabularySize());
            RoundFitter fitter = RoundFitter.of(sc, network, SparkTraining.of(config, 2), tmp.toString(), false);
            EpochPlan plan = EpochPlan.of(data.windows(), config.seed(), 0, fitter.workers(), config.batchSize(),
                    fitter.minibatchesPerRound(), data.cache());
            assertTrue(plan.rounds() >= 3, plan.rounds() + " rounds");
            for (int round = 0; round < 3; round++) {
                fitter.fit(plan, round, 0, plan.windowsInRound(round));
            }
            assertEquals(0, largeBroadcastBytes(), "bytes of broadcasts over 1 MB still held after three rounds");
            plan.release();
            data.windows().release();
        }
    }

    /** @return the memory and disk bytes of the driver's broadcast blocks of more than 1 MB */
    private static long largeBroadcastBytes() {
        BlockManager blocks = SparkEnv.get().blockManager();
        long bytes = 0;
        List<BlockId> broadcasts = JavaConverters.seqAsJavaListConverter(blocks.getMatchingBlockIds(
                new AbstractFunction1<BlockId, Object>() {
                    @Override
                    public Object apply(BlockId block) {
                        return block.isBroadcast();
                    }
                })).asJava();
        for (BlockId id : broadcasts) {
            Option<BlockStatus> status = blocks.getStatus(id);
            long size = status.isDefined() ? status.get().memSize() + status.get().diskSize() : 0;
            bytes += size > (1 << 20) ? size : 0;
        }
        return bytes;
    }
}
