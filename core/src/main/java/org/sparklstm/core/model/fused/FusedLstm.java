package org.sparklstm.core.model.fused;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link LSTM} layer, with the same parameters, configuration and behaviour, whose forward and backward passes
 * over a whole window run on this package's kernel (see {@link FusedLstmLayer}): one large matrix product for the
 * inputs, then per time step one OpenBLAS product and a vectorised Java loop, instead of DL4J's dozen small ND4J
 * operations per step. As a network's first layer it also reads token ids instead of one-hot vectors. Saved
 * configurations name this class, so a network loaded from a bundle or rebuilt on a Spark executor gets the kernel
 * too; networks saved with a plain {@code LSTM} still load and run DL4J's own loop.
 */
public class FusedLstm extends LSTM {

    /** For Jackson: configurations are read back through this constructor and their fields' setters. */
    public FusedLstm() {
        super();
    }

    /**
     * @param layer a built DL4J LSTM configuration
     * @return the same configuration, field for field, running on the fused kernel
     */
    public static FusedLstm of(LSTM layer) {
        return copy(layer, new FusedLstm());
    }

    /**
     * @return this configuration, field for field, as a plain DL4J LSTM running DL4J's own loop
     */
    public LSTM withDl4jLoop() {
        return copy(this, new LSTM());
    }

    private static <T extends LSTM> T copy(LSTM from, T to) {
        try {
            for (Class<?> type = LSTM.class; type != Object.class; type = type.getSuperclass()) {
                for (Field field : type.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers())) {
                        field.setAccessible(true);
                        field.set(to, field.get(from));
                    }
                }
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot copy the LSTM configuration", e);
        }
        return to;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
            INDArray params, boolean initializeParams, DataType dataType) {
        LayerValidation.assertNInNOutSet("FusedLstm", getLayerName(), index, getNIn(), getNOut());
        FusedLstmLayer layer = new FusedLstmLayer(conf, dataType);
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(params);
        layer.setParamTable(initializer().init(conf, params, initializeParams));
        layer.setConf(conf);
        return layer;
    }
}
