package org.sparklstm.job.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sparklstm.job.cli.RuntimeSettings;
import scala.reflect.ClassTag$;

/** ND4J arrays through Spark's Kryo as every spark-lstm application configures it: in bulk, and back unchanged. */
class NdArraySerializerTest {
    private final SerializerInstance kryo = new KryoSerializer(RuntimeSettings.sparkConf("nd-array-test"))
            .newInstance();

    private Object roundTrip(Object value) {
        ByteBuffer bytes = kryo.serialize(value, ClassTag$.MODULE$.AnyRef());
        return kryo.deserialize(bytes, ClassTag$.MODULE$.AnyRef());
    }

    @Test
    void arraysOfEveryTypeOrderAndShapeComeBackEqualInTheirOrder() {
        INDArray fOrder = Nd4j.rand(DataType.FLOAT, 3, 4, 5).dup('f');
        INDArray column = Nd4j.rand(DataType.DOUBLE, 6, 7).get(NDArrayIndex.all(), NDArrayIndex.point(2));
        INDArray block = Nd4j.rand(DataType.FLOAT, 8, 9).get(NDArrayIndex.interval(2, 5), NDArrayIndex.interval(1, 7));
        List<INDArray> cases = List.of(Nd4j.rand(DataType.FLOAT, 5, 7), fOrder, column, block,
                Nd4j.createFromArray(1, -2, Integer.MAX_VALUE), Nd4j.createFromArray(5L, Long.MIN_VALUE),
                Nd4j.scalar(2.5f), Nd4j.empty(DataType.FLOAT), Nd4j.createFromArray(true, false, true));
        for (INDArray array : cases) {
            INDArray back = (INDArray) roundTrip(array);
            assertEquals(array.dataType(), back.dataType(), array.shapeInfoToString());
            assertArrayEquals(array.shape(), back.shape(), array.shapeInfoToString());
            assertEquals(array, back, array.shapeInfoToString());
            if (!array.isEmpty() && !array.isView()) {
                assertEquals(array.ordering(), back.ordering(), array.shapeInfoToString());
            }
        }
    }

    @Test
    void aLargeParameterVectorTakesItsBytesAndArraysInsideObjectsComeBackToo() {
        INDArray params = Nd4j.rand(DataType.FLOAT, 1, 3_364_948);
        ByteBuffer bytes = kryo.serialize(params, ClassTag$.MODULE$.AnyRef());
        assertTrue(bytes.remaining() < params.length() * 4 + 64, bytes.remaining() + " bytes");
        assertEquals(params, kryo.deserialize(bytes, ClassTag$.MODULE$.AnyRef()));
        DataSet minibatch = new DataSet(Nd4j.rand(DataType.FLOAT, 16, 1, 100).dup('f'),
                Nd4j.rand(DataType.FLOAT, 16, 1, 100).dup('f'), null, Nd4j.ones(DataType.FLOAT, 16, 100));
        DataSet back = (DataSet) roundTrip(minibatch);
        assertEquals(minibatch.getFeatures(), back.getFeatures());
        assertEquals(minibatch.getLabels(), back.getLabels());
        assertEquals(minibatch.getLabelsMaskArray(), back.getLabelsMaskArray());
        assertEquals(null, back.getFeaturesMaskArray());
    }
}
