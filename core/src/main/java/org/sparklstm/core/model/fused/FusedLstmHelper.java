package org.sparklstm.core.model.fused;

import java.lang.reflect.Field;
import java.util.Collections;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.FwdPassReturn;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.layers.recurrent.LSTMHelper;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs a DL4J {@code LSTM} layer's passes over a whole window on this package's kernel ({@link LstmForward},
 * {@link LstmBackward}) instead of DL4J's loop of a dozen small ND4J operations per time step. DL4J keeps everything
 * else (parameters, dropout, state for sampling and truncated BPTT, the updater).
 *
 * <p>Inputs the kernel does not cover (masks, peepholes, backwards layers, other activations, other data types than
 * float) return {@code null}, which makes DL4J run its own loop. DL4J starts the backward pass by asking for the
 * training forward pass again; the recorded one is returned instead of being computed twice.
 */
final class FusedLstmHelper implements LSTMHelper {
    /**
     * Whether nothing consumes the gradient with respect to the layer's input: the network's first layer, without
     * input dropout (whose backward step would need it). DL4J's {@code MultiLayerNetwork.fit} then drops it, as it
     * does for an embedding layer's missing one, so it is not computed.
     */
    private final boolean inputGradientUnused;
    private RecordedPass lastTrainingPass;

    private FusedLstmHelper(boolean inputGradientUnused) {
        this.inputGradientUnused = inputGradientUnused;
    }

    /**
     * Makes a DL4J LSTM layer run on this helper.
     *
     * @param layer the layer, as DL4J instantiated it in a {@code MultiLayerNetwork} (the only place this project
     *     puts it; the input gradient of the layer at index 0 is not computed)
     */
    static void installOn(LSTM layer) {
        try {
            Field helper = LSTM.class.getDeclaredField("helper");
            helper.setAccessible(true);
            helper.set(layer, new FusedLstmHelper(layer.getIndex() == 0 && layer.layerConf().getIDropout() == null));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this DL4J version's LSTM layer has no helper to replace", e);
        }
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public boolean checkSupported(IActivation gateActivationFn, IActivation activationFn, boolean hasPeepholes) {
        return gateActivationFn instanceof ActivationSigmoid && activationFn instanceof ActivationTanH
                && !hasPeepholes;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Collections.emptyMap();
    }

    @Override
    public FwdPassReturn activate(Layer layer, NeuralNetConfiguration conf, IActivation gateActivationFn,
            INDArray input, INDArray recurrentWeights, INDArray inputWeights, INDArray biases, boolean training,
            INDArray prevOutputActivations, INDArray prevMemCellState, boolean forBackprop, boolean forwards,
            String inputWeightKey, INDArray maskArray, boolean hasPeepholeConnections,
            LayerWorkspaceMgr workspaceMgr) {
        IActivation activation = ((org.deeplearning4j.nn.conf.layers.LSTM) conf.getLayer()).getActivationFn();
        if (maskArray != null || !forwards || !checkSupported(gateActivationFn, activation, hasPeepholeConnections)
                || input.rank() != 3 || input.size(1) != inputWeights.size(0) || input.dataType() != DataType.FLOAT
                || inputWeights.dataType() != DataType.FLOAT) {
            return null;
        }
        if (forBackprop && lastTrainingPass != null
                && lastTrainingPass.computedFrom(input, prevOutputActivations, prevMemCellState)) {
            RecordedPass cached = lastTrainingPass;
            lastTrainingPass = null;
            return cached;
        }
        RecordedPass pass = LstmForward.run(input, inputWeights, recurrentWeights, biases, prevOutputActivations,
                prevMemCellState, workspaceMgr);
        lastTrainingPass = training && !forBackprop ? pass : null;
        return pass;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(NeuralNetConfiguration conf, IActivation gateActivationFn,
            INDArray input, INDArray recurrentWeights, INDArray inputWeights, INDArray epsilon, boolean truncatedBPTT,
            int tbpttBackwardLength, FwdPassReturn fwdPass, boolean forwards, String inputWeightKey,
            String recurrentWeightKey, String biasWeightKey, Map<String, INDArray> gradientViews, INDArray maskArray,
            boolean hasPeepholeConnections, LayerWorkspaceMgr workspaceMgr) {
        lastTrainingPass = null;
        if (!(fwdPass instanceof RecordedPass pass)) {
            return null; // DL4J's loop ran the forward pass
        }
        String[] keys = {inputWeightKey, recurrentWeightKey, biasWeightKey};
        INDArray[] views = new INDArray[keys.length];
        Gradient gradient = new DefaultGradient();
        for (int k = 0; k < keys.length; k++) {
            views[k] = gradientViews.get(keys[k]);
            gradient.gradientForVariable().put(keys[k], views[k]);
        }
        int steps = (int) input.size(2);
        int firstStep = truncatedBPTT ? Math.max(0, steps - tbpttBackwardLength) : 0;
        INDArray epsilonOut = LstmBackward.gradients(pass, inputWeights, recurrentWeights, epsilon, firstStep, views,
                !inputGradientUnused, workspaceMgr);
        return new Pair<>(gradient, epsilonOut);
    }
}
