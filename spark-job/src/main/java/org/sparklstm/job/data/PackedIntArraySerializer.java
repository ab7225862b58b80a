package org.sparklstm.job.data;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Kryo's form of an {@code int[]} in spark-lstm's caches and shuffles: its length, then every element in 1, 2 or
 * 4 bytes, the fewest its largest element needs. Token ids are small (a text vocabulary of 84 symbols, or 388
 * MIDI events), so cached windows and the epochs' shuffles take a quarter or half of the bytes of plain ints.
 */
public final class PackedIntArraySerializer extends Serializer<int[]> {
    @Override
    public void write(Kryo kryo, Output out, int[] values) {
        int any = 0;
        for (int v : values) {
            any |= v;
        }
        int width = (any & ~0xFF) == 0 ? 1 : (any & ~0xFFFF) == 0 ? 2 : 4;
        out.writeVarInt(values.length, true);
        out.writeByte(width);
        if (width == 4) {
            out.writeInts(values);
            return;
        }
        byte[] bytes = new byte[values.length * width];
        for (int i = 0; i < values.length; i++) {
            if (width == 1) {
                bytes[i] = (byte) values[i];
            } else {
                bytes[2 * i] = (byte) (values[i] >>> 8);
                bytes[2 * i + 1] = (byte) values[i];
            }
        }
        out.writeBytes(bytes);
    }

    @Override
    public int[] read(Kryo kryo, Input in, Class<int[]> type) {
        int length = in.readVarInt(true);
        int width = in.readByte();
        if (width == 4) {
            return in.readInts(length);
        }
        byte[] bytes = in.readBytes(length * width);
        int[] values = new int[length];
        for (int i = 0; i < length; i++) {
            values[i] = width == 1 ? bytes[i] & 0xFF : (bytes[2 * i] & 0xFF) << 8 | bytes[2 * i + 1] & 0xFF;
        }
        return values;
    }
}
