package org.sparklstm.job.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.sparklstm.job.cli.RuntimeSettings;
import scala.reflect.ClassTag$;

/** Token ids through Spark's Kryo as every spark-lstm application configures it: packed, and back unchanged. */
class PackedIntArraySerializerTest {
    private final SerializerInstance kryo = new KryoSerializer(RuntimeSettings.sparkConf("packed-ids-test"))
            .newInstance();

    private ByteBuffer serialize(Object value) {
        return kryo.serialize(value, ClassTag$.MODULE$.AnyRef());
    }

    @Test
    void idsOfEveryWidthComeBackUnchangedInTheFewestBytes() {
        int[][] cases = {{}, {0, 1, 83, 255}, {0, 256, 387, 65_535}, {65_536, 3, Integer.MAX_VALUE},
            {-1, 5, Integer.MIN_VALUE}};
        int[] widths = {1, 1, 2, 4, 4};
        for (int c = 0; c < cases.length; c++) {
            int[] ids = cases[c];
            ByteBuffer bytes = serialize(ids);
            int size = bytes.remaining();
            assertArrayEquals(ids, (int[]) kryo.deserialize(bytes, ClassTag$.MODULE$.AnyRef()));
            assertTrue(size <= ids.length * widths[c] + 4, "case " + c + ": " + size + " bytes");
        }
    }

    @Test
    void aWindowOfTextTakesAboutAByteAToken() {
        int[] ids = new int[101];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (i * 37) % 84;
        }
        Window window = new Window("hdfs://nn/corpus/moby.txt", 4_040, ids);
        ByteBuffer bytes = serialize(window);
        assertTrue(bytes.remaining() < 101 + 60, bytes.remaining() + " bytes");
        Window back = (Window) kryo.deserialize(bytes, ClassTag$.MODULE$.AnyRef());
        assertArrayEquals(ids, back.ids());
        assertEquals(window.source(), back.source());
        assertEquals(window.offset(), back.offset());
    }
}
