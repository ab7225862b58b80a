package org.sparklstm.core.model.network;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparklstm.core.model.fused.FusedLstm;

/**
 * What training a network costs in arithmetic, and how fast a machine does it: the FLOPs of one token's forward and
 * backward pass, counted from the layers, and the rate of a float matrix product here. Their ratio foresees a
 * network's tokens per second before it is built, which the benchmarks check and the budget recipe uses.
 */
public final class TrainingCost {
    private TrainingCost() {
    }

    /**
     * Counts the multiply-adds of one token's forward pass (an LSTM layer: 4 gates of {@code (nIn + nOut) x nOut};
     * a simple RNN layer: {@code (nIn + nOut) x nOut}; the output layer: {@code nIn x nOut}), times 2 FLOPs each,
     * times 3 for the forward and the twice-as-costly backward pass. A one-hot input is counted as the dense
     * product DL4J computes; token ids (a {@link FusedLstm} first layer) as none, their product being a gather.
     *
     * @param configuration the network's configuration
     * @return FLOPs to train on one token
     */
    public static double flopsPerToken(MultiLayerConfiguration configuration) {
        double macs = 0;
        for (int i = 0; i < configuration.getConfs().size(); i++) {
            Layer layer = configuration.getConf(i).getLayer();
            FeedForwardLayer ff = (FeedForwardLayer) layer;
            long in = i == 0 && layer instanceof FusedLstm ? 0 : ff.getNIn();
            long out = ff.getNOut();
            if (layer instanceof LSTM) {
                macs += 4.0 * (in + out) * out;
            } else if (layer instanceof SimpleRnn) {
                macs += (double) (in + out) * out;
            } else {
                macs += (double) in * out;
            }
        }
        return 6 * macs;
    }

    /**
     * @param configuration the network's configuration
     * @return its parameters, counted without building it
     */
    public static long parameters(MultiLayerConfiguration configuration) {
        long n = 0;
        for (int i = 0; i < configuration.getConfs().size(); i++) {
            Layer layer = configuration.getConf(i).getLayer();
            n += layer.initializer().numParams(layer);
        }
        return n;
    }

    /**
     * @param size the side of the square float matrices multiplied
     * @param repeats timed products (after one untimed)
     * @return the median FLOP/s of ND4J multiplying them, with this JVM's BLAS threads
     */
    public static double sgemmFlops(int size, int repeats) {
        INDArray a = Nd4j.rand(DataType.FLOAT, size, size);
        INDArray b = Nd4j.rand(DataType.FLOAT, size, size);
        INDArray c = Nd4j.create(DataType.FLOAT, size, size);
        a.mmuli(b, c);
        double[] rates = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            a.mmuli(b, c);
            rates[i] = 2.0 * size * size * size / Math.max(1, System.nanoTime() - t0) * 1e9;
        }
        Arrays.sort(rates);
        return repeats % 2 == 1 ? rates[repeats / 2] : (rates[repeats / 2 - 1] + rates[repeats / 2]) / 2;
    }
}
