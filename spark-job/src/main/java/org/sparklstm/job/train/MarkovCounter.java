package org.sparklstm.job.train;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.sparklstm.core.model.markov.NgramCounts;
import org.sparklstm.datasets.window.SplitAssigner;
import org.sparklstm.job.data.Window;
import scala.Tuple2;

/**
 * Counts a Markov chain's n-grams over the training windows (every n-gram a window's predictions end, read with
 * the context the window keeps) as one Spark aggregation (a local count per
 * partition, then {@code reduceByKey}), in nested shares of the windows so that one pass gives the chain's whole
 * learning curve: share {@code i} holds the windows whose fixed subset draw is below {@code shares[i]}.
 */
public final class MarkovCounter {
    private final int order;
    private final int vocabularySize;
    private final double[] shares;

    /**
     * @param order n
     * @param vocabularySize V
     * @param shares increasing shares of the windows, the last 1
     */
    public MarkovCounter(int order, int vocabularySize, double[] shares) {
        NgramCounts.requireFits(order, vocabularySize);
        this.order = order;
        this.vocabularySize = vocabularySize;
        this.shares = shares.clone();
    }

    /** The counts of one share's new windows (those not in the smaller shares) and their predicted tokens. */
    public record Increment(double share, NgramCounts counts, long tokens) {
    }

    /**
     * @param train the training windows
     * @return one increment per share, smallest share first; adding them up in order gives each share's counts
     */
    public List<Increment> count(JavaRDD<Window> train) {
        int n = order;
        int v = vocabularySize;
        double[] s = shares;
        JavaPairRDD<Tuple2<Integer, Long>, Long> reduced = train.mapPartitionsToPair(windows -> {
            NgramCounts[] local = new NgramCounts[s.length];
            long[] tokens = new long[s.length];
            for (int i = 0; i < s.length; i++) {
                local[i] = new NgramCounts(n, v);
            }
            while (windows.hasNext()) {
                Window w = windows.next();
                int b = bucket(s, SplitAssigner.subsetDraw(w.source(), w.offset()));
                local[b].addSpan(w.span());
                tokens[b] += w.predictedTokens();
            }
            List<Tuple2<Tuple2<Integer, Long>, Long>> out = new ArrayList<>();
            for (int i = 0; i < s.length; i++) {
                int bucket = i;
                local[i].forEach((key, c) -> out.add(new Tuple2<>(new Tuple2<>(bucket, key), (long) c)));
                out.add(new Tuple2<>(new Tuple2<>(bucket, -1L), tokens[i]));
            }
            return out.iterator();
        }).reduceByKey(Long::sum).persist(StorageLevel.MEMORY_AND_DISK_SER());
        try {
            List<Increment> increments = new ArrayList<>();
            for (int i = 0; i < s.length; i++) {
                int bucket = i;
                NgramCounts counts = new NgramCounts(n, v);
                long tokens = 0;
                for (Tuple2<Tuple2<Integer, Long>, Long> e : reduced.filter(t -> t._1()._1() == bucket).collect()) {
                    if (e._1()._2() < 0) {
                        tokens = e._2();
                    } else {
                        counts.add(e._1()._2(), Math.toIntExact(e._2()));
                    }
                }
                increments.add(new Increment(s[i], counts, tokens));
            }
            return increments;
        } finally {
            reduced.unpersist(false);
        }
    }

    private static int bucket(double[] shares, double draw) {
        for (int i = 0; i < shares.length; i++) {
            if (draw < shares[i]) {
                return i;
            }
        }
        return shares.length - 1;
    }
}
