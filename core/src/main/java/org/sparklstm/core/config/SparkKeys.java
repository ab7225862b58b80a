package org.sparklstm.core.config;

import java.util.List;
/** The keys of training on Spark: the engine, the workers, parameter averaging, DL4J's data handling and the window cache. Only the Spark application reads them (through its {@code SparkTraining} group). */
public final class SparkKeys {
    /** Where the network trains. */
    public static final ConfigParam<Engine> ENGINE = ConfigParam.ofEnum("engine", Engine.SPARK,
            "spark: parameter averaging over the Spark workers; single: plain DL4J in the driver JVM on the same "
                    + "minibatches in the same order (Spark only reads and splits the corpus)");
    /** Minibatches between parameter averagings. */
    public static final ConfigParam<Integer> AVERAGING_FREQUENCY = ConfigParam.ofInt("averaging-frequency", 10, 1,
            10_000, "minibatches each worker fits between two parameter averagings");
    /** Minibatches each worker prepares ahead. */
    public static final ConfigParam<Integer> PREFETCH = ConfigParam.ofInt("prefetch", 2, 0, 1000,
            "minibatches each worker builds ahead of training on a background thread; 0 turns prefetch off");
    /** DL4J's repartition strategy. */
    public static final ConfigParam<Repartition> REPARTITION = ConfigParam.ofEnum("repartition", Repartition.NEVER, "whether DL4J repartitions each round's "
                    + "minibatches before fitting; never keeps this job's exact, seeded assignment of minibatches "
                    + "to workers (and so exact resume)");
    /** DL4J's training approach. */
    public static final ConfigParam<TrainingApproach> TRAINING_APPROACH = ConfigParam.ofEnum("training-approach",
            TrainingApproach.DIRECT, "direct: minibatches go to the workers inside Spark's tasks; export: "
                    + "DL4J first writes them under <output>/_export on the output's filesystem and the workers "
                    + "read them back (less executor memory, more I/O)");
    /** Parallel workers. */
    public static final ConfigParam<Integer> WORKERS = ConfigParam.ofInt("workers", 0, 0, 100_000,
            "parallel training workers; 0 means Spark's default parallelism, resolved when a run starts and saved "
                    + "with its checkpoints, so that a resume splits the data the same way");
    /** Where the windows are cached. */
    public static final ConfigParam<WindowCache> WINDOW_CACHE = ConfigParam.ofEnum("window-cache", WindowCache.AUTO, "where the executors cache the training and validation windows: "
                    + "memory (serialized, spilling to disk), disk (local disk only), or auto: disk when the corpus "
                    + "is larger than a tenth of an executor's heap, else memory");

    /** These keys, in the order they are documented. */
    public static final KeyGroup GROUP = new KeyGroup("Training on Spark",
            "the engine, the workers, parameter averaging and the window cache",
            List.of(ENGINE, AVERAGING_FREQUENCY, PREFETCH, REPARTITION, TRAINING_APPROACH, WORKERS, WINDOW_CACHE));

    private SparkKeys() {
    }
}
