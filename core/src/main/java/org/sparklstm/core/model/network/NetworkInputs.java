package org.sparklstm.core.model.network;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.sparklstm.core.model.fused.FusedLstm;
import org.sparklstm.datasets.window.Minibatches;

/**
 * What a network reads: token ids when its first layer is a {@link FusedLstm} (whose kernel gathers the input
 * weights' rows, exactly the one-hot product), one-hot vectors otherwise (DL4J's own layers, and networks saved
 * before the fused kernel until they are put on it). Decided from the network itself, so a bundle of either kind
 * gets the minibatches it was built for.
 */
public final class NetworkInputs {
    private NetworkInputs() {
    }

    /**
     * @param network a network with a softmax output over the vocabulary
     * @return the minibatches it reads
     */
    public static Minibatches of(MultiLayerNetwork network) {
        int vocabularySize = (int) network.layerSize(network.getnLayers() - 1);
        boolean ids = network.getLayerWiseConfigurations().getConf(0).getLayer() instanceof FusedLstm;
        return new Minibatches(vocabularySize, ids ? Minibatches.Inputs.TOKEN_IDS : Minibatches.Inputs.ONE_HOT);
    }
}
