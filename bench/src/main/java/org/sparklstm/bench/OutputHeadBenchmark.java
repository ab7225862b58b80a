package org.sparklstm.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.special.Erf;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMixtureDensity;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.core.model.network.NetworkFactory;
import org.sparklstm.core.model.network.NetworkSpec;
import org.sparklstm.datasets.series.Series;
import org.sparklstm.datasets.series.SeriesCodec;
import org.sparklstm.datasets.series.SeriesOptions;
import org.sparklstm.datasets.series.SeriesReader;
import org.sparklstm.datasets.series.SeriesTransform;
import org.sparklstm.datasets.window.SplitAssigner;

/**
 * A network's output head on numeric series, measured side by side: the softmax over the series' bins that every
 * family trains today, against a Gaussian (one component) and a mixture of Gaussians (DL4J's mixture density loss)
 * over the standardised step, on the same recurrent layers ({@link NetworkFactory}, the run's keys) fed the same
 * one-hot bins, trained on the same windows of each series' training side ({@code split-by end}, validation
 * fraction 0.1) in one JVM. Each head is scored on the held-out ends after every epoch, its best epoch kept (early
 * stopping with a patience): a density's bits per bin are its mass over the bin's edges, so the three are compared on
 * the same symbols; and the one-step mean absolute error of the level its predictive mean implies, over the random
 * walk's. Prints each run, then each head's medians over the seeds. Usage:
 * {@code OutputHeadBenchmark CSV TRANSFORM TIME-COLUMN SEEDS HEADS MAX-EPOCHS PATIENCE [KEY=VALUE...]}: heads comma
 * separated of {@code softmax}, {@code gaussian}, {@code mdnK}; keys are training keys (hidden-size, layers, ...).
 */
public final class OutputHeadBenchmark {
    private static final int BINS = 32;
    private static final int BATCH = 32;
    private static final double FLOOR = 1e-12;

    private OutputHeadBenchmark() {
    }

    /** One series: its steps, bins and levels, and where its held-out end starts. */
    private record Steps(double[] levels, double[] steps, int[] ids, int heldOut) {
    }

    /** What one head scored at its best epoch. */
    private record Score(double bits, double maeOverWalk, int epoch) {
    }

    /**
     * @param args the CSV file, transform, time column, seeds, heads, most epochs, patience and training keys
     * @throws Exception if the file cannot be read
     */
    public static void main(String[] args) throws Exception {
        Path csv = Path.of(args[0]);
        SeriesTransform transform = SeriesTransform.of(args[1]);
        List<Long> seeds = Arrays.stream(args[3].split(",")).map(Long::parseLong).toList();
        List<String> heads = List.of(args[4].split(","));
        int maxEpochs = Integer.parseInt(args[5]);
        int patience = Integer.parseInt(args[6]);
        Map<String, String> keys = new LinkedHashMap<>();
        for (String kv : Arrays.asList(args).subList(7, args.length)) {
            keys.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        TrainingConfig config = TrainingConfig.defaults().with(keys, "benchmark");
        int length = config.sequenceLength();
        List<Series> read = new SeriesReader(new SeriesOptions(List.of(), args[2], "", transform, BINS))
                .read(csv.toString(), Files.readAllBytes(csv)).series();
        SplitAssigner end = new SplitAssigner(0.1, SplitAssigner.Unit.END);
        Map<Integer, Long> counts = new HashMap<>();
        List<double[]> stepsOf = new ArrayList<>();
        for (Series s : read) {
            double[] steps = transform.apply(s.levels());
            stepsOf.add(steps);
            long first = end.firstEndWindow(steps.length, length);
            for (int i = 0; i <= Math.min(first, steps.length - 1); i++) {
                counts.merge(SeriesCodec.symbol(steps[i]), 1L, Long::sum);
            }
        }
        SeriesCodec codec = SeriesCodec.fit(transform, counts, BINS);
        List<Steps> series = new ArrayList<>();
        double sum = 0;
        double squares = 0;
        long n = 0;
        for (int k = 0; k < read.size(); k++) {
            double[] steps = stepsOf.get(k);
            int[] ids = Arrays.stream(steps).mapToInt(codec::bin).toArray();
            int heldOut = (int) end.firstEndWindow(steps.length, length);
            series.add(new Steps(read.get(k).levels(), steps, ids, heldOut));
            for (int i = 1; i <= heldOut && i < steps.length; i++) {
                sum += steps[i];
                squares += steps[i] * steps[i];
                n++;
            }
        }
        double mean = sum / n;
        double std = Math.sqrt(squares / n - mean * mean);
        System.out.printf(Locale.ROOT, "%s: %d series, %d training steps, %s, %d bins; %s; seeds %s%n", csv.getFileName(),
                series.size(), n, transform.key(), BINS, keys, seeds);
        Map<String, List<Score>> byHead = new LinkedHashMap<>();
        for (long seed : seeds) {
            for (String head : heads) {
                Score s = train(head, config, seed, codec, series, mean, std, maxEpochs, patience);
                byHead.computeIfAbsent(head, h -> new ArrayList<>()).add(s);
                System.out.printf(Locale.ROOT, "seed %d  %-9s  held-out %.4f bits/bin  1-step MAE / random walk's "
                        + "%.3f  (best epoch %d)%n", seed, head, s.bits(), s.maeOverWalk(), s.epoch());
            }
        }
        System.out.printf(Locale.ROOT, "%n%-9s  %18s  %22s%n", "head", "median bits/bin", "median MAE / RW");
        byHead.forEach((head, scores) -> System.out.printf(Locale.ROOT, "%-9s  %18.4f  %22.3f%n", head,
                Medians.of(scores.stream().map(Score::bits).toList()),
                Medians.of(scores.stream().map(Score::maeOverWalk).toList())));
    }

    private static int mixtures(String head) {
        return head.equals("softmax") ? 0 : head.equals("gaussian") ? 1 : Integer.parseInt(head.substring(3));
    }

    private static Score train(String head, TrainingConfig config, long seed, SeriesCodec codec, List<Steps> series,
                               double mean, double std, int maxEpochs, int patience) {
        int k = mixtures(head);
        NetworkSpec spec = NetworkSpec.of(config.with(Map.of("seed", String.valueOf(seed)), "benchmark"));
        MultiLayerNetwork net = new MultiLayerNetwork(k == 0 ? NetworkFactory.configuration(spec, BINS)
                : NetworkFactory.configuration(spec, BINS, (width, retain) -> new RnnOutputLayer.Builder(
                        LossMixtureDensity.builder().gaussians(k).labelWidth(1).build())
                        .activation(Activation.IDENTITY).nIn(width).nOut(3 * k).build()));
        net.init();
        int length = config.sequenceLength();
        List<int[]> windows = new ArrayList<>();
        for (int s = 0; s < series.size(); s++) {
            Steps st = series.get(s);
            for (int start = 0; start < st.heldOut() && start + length + 1 <= st.steps().length; start += length) {
                windows.add(new int[] {s, start});
            }
        }
        Random order = new Random(seed);
        Score best = new Score(Double.POSITIVE_INFINITY, Double.NaN, 0);
        for (int epoch = 1; epoch <= maxEpochs && epoch - best.epoch() <= patience; epoch++) {
            Collections.shuffle(windows, order);
            for (int b = 0; b < windows.size(); b += BATCH) {
                List<int[]> batch = windows.subList(b, Math.min(windows.size(), b + BATCH));
                INDArray features = Nd4j.zeros(DataType.FLOAT, batch.size(), BINS, length);
                INDArray labels = Nd4j.zeros(DataType.FLOAT, batch.size(), 1, length);
                for (int i = 0; i < batch.size(); i++) {
                    Steps st = series.get(batch.get(i)[0]);
                    int start = batch.get(i)[1];
                    for (int t = 0; t < length; t++) {
                        features.putScalar(new long[] {i, st.ids()[start + t], t}, 1);
                        labels.putScalar(new long[] {i, 0, t}, k == 0 ? st.ids()[start + t + 1]
                                : (st.steps()[start + t + 1] - mean) / std);
                    }
                }
                net.fit(new DataSet(features, labels));
            }
            Score s = score(net, k, codec, series, mean, std, epoch);
            if (s.bits() < best.bits()) {
                best = s;
            }
        }
        return best;
    }

    /** Scores every held-out step of every series, each read after all the steps before it. */
    private static Score score(MultiLayerNetwork net, int k, SeriesCodec codec, List<Steps> series, double mean,
                               double std, int epoch) {
        double bits = 0;
        double error = 0;
        double walk = 0;
        long tokens = 0;
        int lag = codec.transform().lag();
        for (Steps st : series) {
            int n = st.steps().length;
            INDArray features = Nd4j.zeros(DataType.FLOAT, 1, BINS, n - 1);
            for (int t = 0; t < n - 1; t++) {
                features.putScalar(new long[] {0, st.ids()[t], t}, 1);
            }
            INDArray out = net.output(features);
            for (int t = st.heldOut() + 1; t < n; t++) {
                double[] p = k == 0 ? out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                        org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(t - 1))
                        .toDoubleVector() : binMass(out, t - 1, k, codec, mean, std);
                bits -= Math.log(Math.max(FLOOR, p[st.ids()[t]])) / Math.log(2);
                double expected = k == 0 ? expectedStep(p, codec) : mixtureMean(out, t - 1, k) * std + mean;
                double previous = st.levels()[t + lag - 1];
                double actual = st.levels()[t + lag];
                error += Math.abs(codec.transform().level(previous, expected) - actual);
                walk += Math.abs(previous - actual);
                tokens++;
            }
            net.rnnClearPreviousState();
        }
        return new Score(bits / tokens, error / walk, epoch);
    }

    private static double expectedStep(double[] p, SeriesCodec codec) {
        double e = 0;
        for (int b = 0; b < p.length; b++) {
            e += p[b] * codec.step(b);
        }
        return e;
    }

    /** @return the mixture's components at a step: weights, standard deviations and means (DL4J's order) */
    private static double[][] components(INDArray out, int t, int k) {
        double[] raw = out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(t))
                .toDoubleVector();
        double[] alpha = new double[k];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            max = Math.max(max, raw[i]);
        }
        double total = 0;
        for (int i = 0; i < k; i++) {
            alpha[i] = Math.exp(raw[i] - max);
            total += alpha[i];
        }
        double[] sigma = new double[k];
        double[] mu = new double[k];
        for (int i = 0; i < k; i++) {
            alpha[i] /= total;
            sigma[i] = Math.exp(raw[k + i]);
            mu[i] = raw[2 * k + i];
        }
        return new double[][] {alpha, sigma, mu};
    }

    private static double mixtureMean(INDArray out, int t, int k) {
        double[][] c = components(out, t, k);
        double e = 0;
        for (int i = 0; i < k; i++) {
            e += c[0][i] * c[2][i];
        }
        return e;
    }

    /** @return the mixture's mass over each bin's edges, standardised as the targets are (outer bins unbounded) */
    private static double[] binMass(INDArray out, int t, int k, SeriesCodec codec, double mean, double std) {
        double[][] c = components(out, t, k);
        double[] edges = codec.edges();
        double[] p = new double[edges.length + 1];
        for (int b = 0; b < p.length; b++) {
            double lo = b == 0 ? Double.NEGATIVE_INFINITY : (edges[b - 1] - mean) / std;
            double hi = b == edges.length ? Double.POSITIVE_INFINITY : (edges[b] - mean) / std;
            for (int i = 0; i < k; i++) {
                p[b] += c[0][i] * (cdf((hi - c[2][i]) / c[1][i]) - cdf((lo - c[2][i]) / c[1][i]));
            }
        }
        return p;
    }

    private static double cdf(double z) {
        return z == Double.POSITIVE_INFINITY ? 1 : z == Double.NEGATIVE_INFINITY ? 0 : 0.5 * Erf.erfc(-z / Math.sqrt(2));
    }
}
