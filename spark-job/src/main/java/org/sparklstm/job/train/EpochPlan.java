package org.sparklstm.job.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.dataset.DataSet;
import org.sparklstm.datasets.window.Minibatches;
import org.sparklstm.datasets.window.SplitAssigner;
import org.sparklstm.job.data.Window;
import scala.Tuple2;

/**
 * The order in which one epoch visits the training windows, cut into parameter-averaging rounds.
 *
 * <p>Windows are ranked by a hash of (seed, epoch, file, offset), so the order is random yet the same on
 * every run with the same seed: a resumed run sees the data exactly as the run it continues. Minibatch
 * {@code m} holds ranks {@code [m*B, (m+1)*B)} and lives on worker slot {@code m mod W}; round {@code r}
 * is minibatches {@code [r*W*F, (r+1)*W*F)}, so every worker gets {@code F} minibatches per round.
 * The plan keeps only token ids (not one-hot tensors); minibatches are built on the executors.
 *
 * <p>In an epoch of more than {@value #ROUNDS_PER_SEGMENT} rounds, rounds read from a cached <em>segment</em> of
 * that many rounds, cut from the ranked
 * windows in one pass when the first of its rounds is asked for, so a round scans its segment, not the whole
 * epoch (on a large corpus that scan cost more than the training).
 */
public final class EpochPlan implements Rounds {
    /** Rounds per cached segment. */
    public static final int ROUNDS_PER_SEGMENT = 256;

    private final JavaPairRDD<Long, int[]> ranked;
    private final int roundsPerSegment;
    private JavaPairRDD<Long, int[]> segment;
    private int segmentIndex = -1;
    private final long windows;
    private final int workers;
    private final int batchSize;
    private final int averagingFrequency;

    private EpochPlan(JavaPairRDD<Long, int[]> ranked, long windows, int workers, int batchSize,
                      int averagingFrequency, int roundsPerSegment) {
        this.ranked = ranked;
        this.roundsPerSegment = roundsPerSegment;
        this.windows = windows;
        this.workers = workers;
        this.batchSize = batchSize;
        this.averagingFrequency = averagingFrequency;
    }

    /**
     * @param train the training windows (best cached)
     * @param seed the run's seed
     * @param epoch the epoch (0-based)
     * @param workers W, the number of workers
     * @param batchSize B, windows per minibatch
     * @param averagingFrequency F, minibatches per worker per round
     * @param cache where to cache the ranked windows
     * @return the plan, cached until {@link #release()}
     */
    public static EpochPlan of(JavaRDD<Window> train, long seed, int epoch, int workers, int batchSize,
                               int averagingFrequency, StorageLevel cache) {
        return of(train, seed, epoch, workers, batchSize, averagingFrequency, cache, ROUNDS_PER_SEGMENT);
    }

    /**
     * As {@link #of(JavaRDD, long, int, int, int, int, StorageLevel)}, with segments of the given rounds.
     *
     * @param roundsPerSegment rounds per cached segment ({@link Integer#MAX_VALUE}: no segments)
     */
    public static EpochPlan of(JavaRDD<Window> train, long seed, int epoch, int workers, int batchSize,
                        int averagingFrequency, StorageLevel cache, int roundsPerSegment) {
        long salt = SplitAssigner.mix(seed * 0x9E3779B97F4A7C15L + epoch);
        JavaPairRDD<Long, int[]> ranked = train
                .mapToPair(w -> new Tuple2<>(SplitAssigner.hash(w.source(), w.offset()) ^ salt, w.ids()))
                .sortByKey(true, workers)
                .values()
                .zipWithIndex()
                .mapToPair(t -> new Tuple2<>(t._2(), t._1()))
                .partitionBy(new SlotPartitioner(workers, batchSize))
                .persist(cache);
        long count = ranked.count();
        return new EpochPlan(ranked, count, workers, batchSize, averagingFrequency, roundsPerSegment);
    }

    @Override
    public int rounds() {
        long perRound = (long) workers * batchSize * averagingFrequency;
        return (int) ((windows + perRound - 1) / perRound);
    }

    /** @return the number of training windows */
    public long windows() {
        return windows;
    }

    @Override
    public long windowsInRound(int round) {
        long perRound = (long) workers * batchSize * averagingFrequency;
        return Math.min(perRound, windows - round * perRound);
    }

    /**
     * @param round the round, in [0, rounds())
     * @param skip windows of the round already trained (a multiple of W x B)
     * @param take windows to train now
     * @param vocabularySize the codec's vocabulary size
     * @return those windows' minibatches: {@code F} (or fewer, in the last round or a round cut short) on each
     *         of the W partitions
     */
    public JavaRDD<DataSet> round(int round, long skip, long take, int vocabularySize) {
        long perRound = (long) workers * batchSize * averagingFrequency;
        long from = round * perRound + skip;
        long to = Math.min(round * perRound + perRound, from + Math.min(take, perRound));
        int b = batchSize;
        return segmentOf(round).mapPartitions(it -> {
            TreeMap<Long, List<int[]>> byMinibatch = new TreeMap<>();
            while (it.hasNext()) {
                Tuple2<Long, int[]> t = it.next();
                if (t._1() >= from && t._1() < to) {
                    byMinibatch.computeIfAbsent(t._1() / b, k -> new ArrayList<>()).add(t._2());
                }
            }
            List<DataSet> out = new ArrayList<>(byMinibatch.size());
            for (Map.Entry<Long, List<int[]>> e : byMinibatch.entrySet()) {
                out.add(Minibatches.oneHot(e.getValue(), vocabularySize));
            }
            return out.iterator();
        }, true);
    }

    /**
     * @param round the round, in [0, rounds())
     * @param skip windows of the round already trained
     * @param take windows to train now
     * @return those windows' minibatches as token ids, in minibatch order, brought to the driver
     */
    public List<List<int[]>> minibatchIds(int round, long skip, long take) {
        long perRound = (long) workers * batchSize * averagingFrequency;
        long from = round * perRound + skip;
        long to = Math.min(round * perRound + perRound, from + Math.min(take, perRound));
        TreeMap<Long, List<int[]>> byMinibatch = new TreeMap<>();
        for (Tuple2<Long, int[]> t : segmentOf(round).filter(t -> t._1() >= from && t._1() < to).collect()) {
            byMinibatch.computeIfAbsent(t._1() / batchSize, k -> new ArrayList<>()).add(t._2());
        }
        return new ArrayList<>(byMinibatch.values());
    }

    /**
     * @param round a round
     * @return the cached segment holding it (made, and the previous one dropped, when needed)
     */
    private JavaPairRDD<Long, int[]> segmentOf(int round) {
        if (rounds() <= roundsPerSegment) {
            return ranked;
        }
        int index = round / roundsPerSegment;
        if (index != segmentIndex) {
            if (segment != null) {
                segment.unpersist(false);
            }
            long perSegment = (long) workers * batchSize * averagingFrequency * roundsPerSegment;
            long from = index * perSegment;
            long to = from + perSegment;
            segment = ranked.filter(t -> t._1() >= from && t._1() < to).persist(ranked.getStorageLevel());
            segmentIndex = index;
        }
        return segment;
    }

    @Override
    public void release() {
        if (segment != null) {
            segment.unpersist(false);
        }
        ranked.unpersist(false);
    }

    /** Puts minibatch {@code rank / B} on partition {@code (rank / B) mod W}. */
    static final class SlotPartitioner extends HashPartitioner {
        private static final long serialVersionUID = 1L;
        private final long batchSize;

        SlotPartitioner(int workers, long batchSize) {
            super(workers);
            this.batchSize = batchSize;
        }

        @Override
        public int getPartition(Object key) {
            return (int) Math.floorMod((Long) key / batchSize, (long) numPartitions());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof SlotPartitioner p && p.numPartitions() == numPartitions()
                    && p.batchSize == batchSize;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(batchSize) * 31 + numPartitions();
        }
    }
}
