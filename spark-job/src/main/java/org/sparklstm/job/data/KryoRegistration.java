package org.sparklstm.job.data;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * spark-lstm's Kryo registrations ({@code spark.kryo.registrator}, beside ND4J's): token ids packed by
 * {@link PackedIntArraySerializer} wherever Spark serialises an {@code int[]} (cached windows, the epochs' shuffles
 * and buckets), and {@link Window} by a number rather than its class name.
 */
public final class KryoRegistration implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        kryo.register(int[].class, new PackedIntArraySerializer());
        kryo.register(Window.class);
    }
}
