package org.sparklstm.job.data;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * spark-lstm's Kryo registrations ({@code spark.kryo.registrator}, after ND4J's, whose array serializer the first
 * one replaces): ND4J arrays copied in bulk by {@link NdArraySerializer} (parameter averaging's broadcasts and
 * results); token ids packed by {@link PackedIntArraySerializer} wherever Spark serialises an {@code int[]} (cached
 * windows, the epochs' shuffles and buckets); and {@link Window} by a number rather than its class name.
 */
public final class KryoRegistration implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        kryo.register(Nd4j.getBackend().getNDArrayClass(), new NdArraySerializer());
        kryo.register(int[].class, new PackedIntArraySerializer());
        kryo.register(Window.class);
    }
}
