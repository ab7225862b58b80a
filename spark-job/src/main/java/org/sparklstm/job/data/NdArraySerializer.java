package org.sparklstm.job.data;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Kryo's form of an ND4J array wherever Spark serialises one (parameter averaging's broadcasts of the parameters and
 * updater state, the workers' results, minibatches): its type, order and shape, then its elements' bytes copied in
 * bulk. ND4J's own serializer writes them through a {@code DataOutputStream} one element at a time, which cost each
 * round of a 2 x 512 LSTM's averaging a large part of its time outside {@code fit}. Arrays keep their order ('c' or
 * 'f'); views are copied to a dense array of the same order first. Elements are in the machine's byte order, which a
 * reader on a machine of the other order refuses.
 */
public final class NdArraySerializer extends Serializer<INDArray> {
    private static final int CHUNK = 1 << 16;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    @Override
    public void write(Kryo kryo, Output output, INDArray array) {
        output.writeString(array.dataType().name());
        output.writeBoolean(array.isEmpty());
        if (array.isEmpty()) {
            return;
        }
        INDArray dense = array.offset() == 0 && array.elementWiseStride() == 1
                && array.data().length() == array.length() ? array : array.dup(array.ordering());
        output.writeChar(dense.ordering());
        long[] shape = dense.shape();
        output.writeInt(shape.length, true);
        for (long size : shape) {
            output.writeLong(size, true);
        }
        output.writeBoolean(LITTLE_ENDIAN);
        ByteBuffer bytes = dense.data().asNio();
        long total = dense.length() * dense.dataType().width();
        output.writeLong(total, true);
        byte[] chunk = new byte[(int) Math.min(CHUNK, total)];
        for (long done = 0; done < total; done += chunk.length) {
            int n = (int) Math.min(chunk.length, total - done);
            bytes.get((int) done, chunk, 0, n);
            output.writeBytes(chunk, 0, n);
        }
    }

    @Override
    public INDArray read(Kryo kryo, Input input, Class<INDArray> type) {
        DataType dataType = DataType.valueOf(input.readString());
        if (input.readBoolean()) {
            return Nd4j.empty(dataType);
        }
        char order = input.readChar();
        long[] shape = new long[input.readInt(true)];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = input.readLong(true);
        }
        if (input.readBoolean() != LITTLE_ENDIAN) {
            throw new IllegalStateException("an ND4J array serialised on a machine of the other byte order");
        }
        INDArray array = Nd4j.createUninitializedDetached(dataType, order, shape);
        long total = input.readLong(true);
        if (total != array.length() * dataType.width()) {
            throw new IllegalStateException("a serialised ND4J array of shape " + java.util.Arrays.toString(shape)
                    + " holds " + total + " bytes");
        }
        ByteBuffer bytes = array.data().asNio();
        byte[] chunk = new byte[(int) Math.min(CHUNK, total)];
        for (long done = 0; done < total; done += chunk.length) {
            int n = (int) Math.min(chunk.length, total - done);
            input.readBytes(chunk, 0, n);
            bytes.put((int) done, chunk, 0, n);
        }
        return array;
    }
}
