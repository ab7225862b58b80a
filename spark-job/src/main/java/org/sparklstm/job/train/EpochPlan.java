package org.sparklstm.job.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.dataset.DataSet;
import org.sparklstm.datasets.window.Minibatches;
import org.sparklstm.datasets.window.SplitAssigner;
import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * The order in which one epoch visits the training windows, cut into parameter-averaging rounds.
 *
 * <p>Windows are ranked by a hash of (seed, epoch, file, offset), so the order is random yet the same on
 * every run with the same seed: a resumed run sees the data exactly as the run it continues. Minibatch
 * {@code m} holds ranks {@code [m*B, (m+1)*B)} and goes to worker slot {@code m mod W}; round {@code r}
 * is minibatches {@code [r*W*F, (r+1)*W*F)}, so every worker gets {@code F} minibatches per round.
 * The plan keeps only token ids (not one-hot tensors); minibatches are built on the executors.
 *
 * <p>A window's rank hashes its file's name (not its folder), its offset and the seed and epoch, so the order is
 * also the same wherever the corpus lives: a copy in another folder, on HDFS or S3, trains alike.
 *
 * <p>Planning is one shuffle: each window goes to the <em>bucket</em> of its hash's range (uniform ranges, so
 * no sampling pass), about {@value #BUCKET_BYTES} bytes of token ids each whatever the number of workers, and each
 * bucket is sorted and cached when a round first needs it. Bucket {@code b} holds the ranks after all of bucket
 * {@code b - 1}'s, so a bucket's first rank is known once the buckets before it are counted, which the rounds do
 * in order. A round reads only the one or two buckets that hold its ranks, so an epoch costs one pass over the
 * windows plus its rounds, linear in the corpus.
 */
public final class EpochPlan implements Rounds {
    /** Bytes of token ids a bucket holds, about (a bucket is at least one per worker). */
    public static final long BUCKET_BYTES = 4L << 20;
    private static final ClassTag<Bucket> BUCKET = ClassTag$.MODULE$.apply(Bucket.class);

    private final JavaSparkContext sc;
    private final JavaRDD<Bucket> buckets;
    private final long windows;
    private final int workers;
    private final int batchSize;
    private final int averagingFrequency;
    /** {@code starts[b]}: the rank of bucket b's first window, known for {@code b <= counted}. */
    private final long[] starts;
    private int counted;

    private EpochPlan(JavaSparkContext sc, JavaRDD<Bucket> buckets, long windows, int workers, int batchSize,
                      int averagingFrequency) {
        this.sc = sc;
        this.buckets = buckets;
        this.windows = windows;
        this.workers = workers;
        this.batchSize = batchSize;
        this.averagingFrequency = averagingFrequency;
        this.starts = new long[buckets.getNumPartitions() + 1];
    }

    /**
     * @param split the training windows (cached) and their count
     * @param seed the run's seed
     * @param epoch the epoch (0-based)
     * @param workers W, the number of workers
     * @param batchSize B, windows per minibatch
     * @param averagingFrequency F, minibatches per worker per round
     * @param cache where to cache the sorted buckets
     * @return the plan, cached until {@link #release()}
     */
    public static EpochPlan of(SplitWindows split, long seed, int epoch, int workers, int batchSize,
                               int averagingFrequency, StorageLevel cache) {
        return of(split, seed, epoch, workers, batchSize, averagingFrequency, cache, BUCKET_BYTES);
    }

    /**
     * As {@link #of(SplitWindows, long, int, int, int, int, StorageLevel)}, with buckets of the given size.
     *
     * @param bucketBytes bytes of token ids per bucket, about
     */
    public static EpochPlan of(SplitWindows split, long seed, int epoch, int workers, int batchSize,
                               int averagingFrequency, StorageLevel cache, long bucketBytes) {
        long salt = SplitAssigner.mix(seed * 0x9E3779B97F4A7C15L + epoch);
        long windows = split.trainTokens()[2];
        long bytes = 4 * (split.trainTokens()[0] + windows);
        int count = (int) Math.max(workers, Math.min(1 << 20, (bytes + bucketBytes - 1) / bucketBytes));
        JavaRDD<Bucket> buckets = split.train()
                .mapToPair(w -> new Tuple2<>(SplitAssigner.hash(SplitAssigner.name(w.source()), w.offset()) ^ salt,
                        w.ids()))
                .partitionBy(new HashRangePartitioner(count))
                .mapPartitionsWithIndex((index, it) -> List.of(Bucket.sorted(index, it)).iterator(), true)
                .persist(cache);
        return new EpochPlan(JavaSparkContext.fromSparkContext(split.train().context()), buckets, windows, workers,
                batchSize, averagingFrequency);
    }

    @Override
    public int rounds() {
        return (int) ((windows + perRound() - 1) / perRound());
    }

    @Override
    public long windowsInRound(int round) {
        return Math.min(perRound(), windows - round * perRound());
    }

    /**
     * @param round the round, in [0, rounds())
     * @param skip windows of the round already trained (a multiple of W x B)
     * @param take windows to train now
     * @param minibatches the form of minibatch the network reads
     * @return those windows' minibatches: {@code F} (or fewer, in the last round or a round cut short) on each
     *         of the W partitions
     */
    public JavaRDD<DataSet> round(int round, long skip, long take, Minibatches minibatches) {
        return minibatches(round, skip, take).map(m -> minibatches.of(m._2()));
    }

    /**
     * @param round the round, in [0, rounds())
     * @param skip windows of the round already trained
     * @param take windows to train now
     * @return those windows' minibatches as token ids, in minibatch order, brought to the driver
     */
    public List<List<int[]>> minibatchIds(int round, long skip, long take) {
        return minibatches(round, skip, take).collect().stream().sorted(Comparator.comparing(Tuple2::_1))
                .map(Tuple2::_2).toList();
    }

    /**
     * @return the round's minibatches with their index, on W partitions: slot {@code s} holds the minibatches
     *         {@code m} with {@code m mod W = s}
     */
    private JavaRDD<Tuple2<Long, List<int[]>>> minibatches(int round, long skip, long take) {
        long from = round * perRound() + skip;
        long to = Math.min(round * perRound() + perRound(), from + Math.min(take, perRound()));
        countUpTo(to);
        int first = bucketOf(from);
        int last = bucketOf(to - 1);
        long[] firstRanks = Arrays.copyOfRange(starts, first, last + 1);
        JavaRDD<Bucket> read = pruned(first, last + 1);
        int b = batchSize;
        int w = workers;
        List<JavaRDD<Tuple2<Long, List<int[]>>>> slots = new ArrayList<>(workers);
        for (int slot = 0; slot < workers; slot++) {
            int s = slot;
            slots.add(read.coalesce(1).mapPartitions(it -> {
                TreeMap<Long, List<int[]>> byMinibatch = new TreeMap<>();
                while (it.hasNext()) {
                    Bucket bucket = it.next();
                    long base = firstRanks[bucket.index() - first];
                    long end = Math.min(to, base + bucket.windows().length);
                    for (long rank = Math.max(from, base); rank < end; rank++) {
                        if ((rank / b) % w == s) {
                            byMinibatch.computeIfAbsent(rank / b, k -> new ArrayList<>())
                                    .add(bucket.windows()[(int) (rank - base)]);
                        }
                    }
                }
                List<Tuple2<Long, List<int[]>>> out = new ArrayList<>(byMinibatch.size());
                for (Map.Entry<Long, List<int[]>> e : byMinibatch.entrySet()) {
                    out.add(new Tuple2<>(e.getKey(), e.getValue()));
                }
                return out.iterator();
            }));
        }
        return sc.union(slots.toArray(JavaRDD[]::new));
    }

    /**
     * Counts buckets in order (computing and caching them, at least W at a time so every worker has one, and as
     * many as the missing ranks are expected to need, so a run resumed late in an epoch counts in one job) until
     * those counted hold every rank below {@code rank}.
     */
    private void countUpTo(long rank) {
        int total = starts.length - 1;
        while (counted < total && starts[counted] < rank) {
            long expected = (long) Math.ceil((double) (rank - starts[counted]) * total / Math.max(1, windows));
            int end = (int) Math.min(total, counted + Math.max(workers, expected));
            List<Tuple2<Integer, Integer>> sizes = pruned(counted, end)
                    .map(bucket -> new Tuple2<>(bucket.index(), bucket.windows().length)).collect();
            for (Tuple2<Integer, Integer> size : sizes.stream().sorted(Comparator.comparing(Tuple2::_1)).toList()) {
                starts[size._1() + 1] = starts[size._1()] + size._2();
            }
            counted = end;
        }
        if (counted == total && starts[total] != windows) {
            throw new IllegalStateException("the epoch's buckets hold " + starts[total] + " windows, not the "
                    + windows + " counted when the corpus was cut");
        }
    }

    /** @return the bucket holding a rank (its bucket is counted) */
    private int bucketOf(long rank) {
        int i = Arrays.binarySearch(starts, 0, counted + 1, rank);
        int b = i >= 0 ? i : -i - 2;
        while (b + 1 < counted && starts[b + 1] == starts[b]) {
            b++; // an empty bucket starts where the next does
        }
        return b;
    }

    /** @return buckets [from, to) as an RDD of their own (a narrow view of the cached buckets) */
    private JavaRDD<Bucket> pruned(int from, int to) {
        return JavaRDD.fromRDD(PartitionPruningRDD.create(buckets.rdd(), new Between(from, to)), BUCKET);
    }

    private long perRound() {
        return (long) workers * batchSize * averagingFrequency;
    }

    @Override
    public void release() {
        buckets.unpersist(false);
    }

    /** One bucket of the epoch's order: its windows sorted by rank (a class, not a record, for Kryo). */
    static final class Bucket implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int index;
        private final int[][] windows;

        private Bucket(int index, int[][] windows) {
            this.index = index;
            this.windows = windows;
        }

        /** @return the bucket of these (key, ids) pairs, sorted by key (then ids, should two keys be equal) */
        static Bucket sorted(int index, Iterator<Tuple2<Long, int[]>> pairs) {
            List<Tuple2<Long, int[]>> all = new ArrayList<>();
            pairs.forEachRemaining(all::add);
            all.sort((x, y) -> {
                int c = Long.compare(x._1(), y._1());
                return c != 0 ? c : Arrays.compare(x._2(), y._2());
            });
            return new Bucket(index, all.stream().map(Tuple2::_2).toArray(int[][]::new));
        }

        /** @return the bucket's index */
        int index() {
            return index;
        }

        /** @return its windows' token ids, in rank order */
        int[][] windows() {
            return windows;
        }
    }

    /** Keeps the partitions with an index in [from, to). */
    private static final class Between extends AbstractFunction1<Object, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int from;
        private final int to;

        Between(int from, int to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public Object apply(Object index) {
            int i = (Integer) index;
            return i >= from && i < to;
        }
    }

    /** Puts a signed 64-bit key in the bucket of its range: {@code n} equal ranges, in the keys' order. */
    static final class HashRangePartitioner extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int buckets;

        HashRangePartitioner(int buckets) {
            this.buckets = buckets;
        }

        @Override
        public int numPartitions() {
            return buckets;
        }

        @Override
        public int getPartition(Object key) {
            long unsigned = (Long) key ^ Long.MIN_VALUE; // the keys' order, as unsigned values
            long high = Math.multiplyHigh(unsigned, buckets) + (unsigned < 0 ? buckets : 0);
            return (int) high;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof HashRangePartitioner p && p.buckets == buckets;
        }

        @Override
        public int hashCode() {
            return buckets;
        }
    }
}
