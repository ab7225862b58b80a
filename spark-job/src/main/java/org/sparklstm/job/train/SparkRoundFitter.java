package org.sparklstm.job.train;

import java.io.ByteArrayOutputStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.stats.StatsUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparklstm.core.config.TrainingApproach;
import org.sparklstm.core.model.network.NetworkInputs;
import org.sparklstm.core.run.RunFiles;
import org.sparklstm.datasets.window.Minibatches;

/**
 * {@code --engine spark}: each round gives every worker {@code averaging-frequency} minibatches, which DL4J's
 * {@code ParameterAveragingTrainingMaster} trains on the executors and averages (parameters and Adam state).
 */
public final class SparkRoundFitter implements RoundFitter {
    private static final Logger LOG = LoggerFactory.getLogger("org.sparklstm.train");

    private final SparkDl4jMultiLayer sparkNet;
    private final int workers;
    private final int averagingFrequency;
    private final Minibatches minibatches;

    /**
     * @param sc the Spark context
     * @param network the network to train
     * @param spark workers, batch size, averaging frequency, prefetch, repartition, training approach
     * @param exportDirectory where the export approach writes minibatches
     * @param collectStats whether to collect DL4J's training stats
     */
    public SparkRoundFitter(JavaSparkContext sc, MultiLayerNetwork network, SparkTraining spark,
                            String exportDirectory, boolean collectStats) {
        this.workers = spark.workers();
        this.averagingFrequency = spark.averagingFrequency();
        this.minibatches = NetworkInputs.of(network);
        int batch = spark.batchSize();
        ParameterAveragingTrainingMaster.Builder master = new ParameterAveragingTrainingMaster.Builder(workers, batch)
                .batchSizePerWorker(batch)
                .averagingFrequency(averagingFrequency)
                .workerPrefetchNumBatches(spark.prefetch())
                .rddTrainingApproach(spark.approach() == TrainingApproach.EXPORT
                        ? RDDTrainingApproach.Export : RDDTrainingApproach.Direct)
                .exportDirectory(exportDirectory)
                .repartionData(switch (spark.repartition()) {
                    case ALWAYS -> Repartition.Always;
                    case NUM_PARTITIONS_WORKERS_DIFFERS -> Repartition.NumPartitionsWorkersDiffers;
                    case NEVER -> Repartition.Never;
                })
                .saveUpdater(true)
                .storageLevel(null);
        this.sparkNet = new SparkDl4jMultiLayer(sc, network, new RoundTrainingMaster(master));
        sparkNet.setCollectTrainingStats(collectStats);
    }

    @Override
    public int workers() {
        return workers;
    }

    @Override
    public int minibatchesPerRound() {
        return averagingFrequency;
    }

    @Override
    public void fit(EpochPlan plan, int round, long skip, long take) {
        sparkNet.fit(plan.round(round, skip, take, minibatches));
    }

    @Override
    public double score() {
        return sparkNet.getScore();
    }

    @Override
    public MultiLayerNetwork network() {
        return sparkNet.getNetwork();
    }

    @Override
    public String describe() {
        return workers + " workers, averaging every " + averagingFrequency + " minibatches";
    }

    /** @return DL4J's training stats (null unless collected) */
    public SparkTrainingStats trainingStats() {
        return sparkNet.getSparkTrainingStats();
    }

    /**
     * @param files the run's folder
     * @param name the HTML file to write
     */
    void writeTrainingStats(RunFiles files, String name) {
        try {
            ByteArrayOutputStream html = new ByteArrayOutputStream();
            StatsUtils.exportStatsAsHTML(sparkNet.getSparkTrainingStats(), html);
            files.write(name, html.toByteArray());
            LOG.info("DL4J's Spark training stats written to {}", name);
        } catch (Exception e) {
            LOG.warn("Could not export DL4J's training stats: {}", e.toString());
        }
    }
}
