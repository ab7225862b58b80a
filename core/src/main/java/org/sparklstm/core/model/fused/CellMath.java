package org.sparklstm.core.model.fused;

/**
 * The element-wise part of one LSTM time step for a whole minibatch, on Java arrays, in DL4J's gate order: each
 * example's row of {@code 4 * units} gates holds the block input {@code z}, then the forget {@code f}, output
 * {@code o} and input {@code i} gates. The loops are plain enough for the JIT to vectorise; tanh is a rational
 * approximation (Eigen's, absolute error below 4e-7 in float), and sigmoid is {@code (1 + tanh(x / 2)) / 2}.
 */
final class CellMath {
    /** Past this, float tanh is 1 and the rational approximation would grow. */
    private static final float TANH_CLAMP = 7.90531110763549805f;

    private CellMath() {
    }

    /**
     * One step forward: activates the gates in place and advances the cell.
     *
     * @param gates {@code [batch][4 * units]} pre-activations, replaced by the activations
     * @param cell {@code [batch][units]} the previous cell state, replaced by the new one
     * @param cellTanh {@code [batch][units]} written: tanh of the new cell state
     * @param output {@code [batch][units]} written: the step's output {@code o * tanh(c)}
     */
    static void forward(float[] gates, float[] cell, float[] cellTanh, float[] output, int batch, int units) {
        for (int b = 0; b < batch; b++) {
            int g = 4 * units * b;
            int s = units * b;
            tanh(gates, g, g + units);
            sigmoid(gates, g + units, g + 4 * units);
            for (int u = 0; u < units; u++) {
                cell[s + u] = gates[g + units + u] * cell[s + u] + gates[g + 3 * units + u] * gates[g + u];
            }
            for (int u = 0; u < units; u++) {
                cellTanh[s + u] = tanh(cell[s + u]);
            }
            for (int u = 0; u < units; u++) {
                output[s + u] = gates[g + 2 * units + u] * cellTanh[s + u];
            }
        }
    }

    /**
     * One step backward: {@code dc = dy o (1 - tanh^2 c) + carry}, then the gradients of the four pre-activations,
     * {@code [dc i (1 - z^2), dc c' f (1 - f), dy tanh(c) o (1 - o), dc z i (1 - i)]} with {@code c'} the previous
     * cell state.
     *
     * @param gates {@code [batch][4 * units]} the step's gate activations
     * @param previousCell {@code [batch][units]} the cell state before the step
     * @param cellTanh {@code [batch][units]} tanh of the cell state after the step
     * @param outputGradient {@code [batch][units]} the loss's gradient with respect to the step's output
     * @param carry {@code [batch][units]} the cell gradient carried from the next step ({@code dc_{t+1} f_{t+1}}),
     *     replaced by this step's {@code dc f}
     * @param gateGradients {@code [batch][4 * units]} written: the pre-activations' gradients
     */
    static void backward(float[] gates, float[] previousCell, float[] cellTanh, float[] outputGradient, float[] carry,
            float[] gateGradients, int batch, int units) {
        for (int b = 0; b < batch; b++) {
            int g = 4 * units * b;
            int s = units * b;
            for (int u = 0; u < units; u++) {
                float z = gates[g + u];
                float f = gates[g + units + u];
                float o = gates[g + 2 * units + u];
                float i = gates[g + 3 * units + u];
                float tc = cellTanh[s + u];
                float dy = outputGradient[s + u];
                float dc = dy * o * (1 - tc * tc) + carry[s + u];
                gateGradients[g + u] = dc * i * (1 - z * z);
                gateGradients[g + units + u] = dc * previousCell[s + u] * f * (1 - f);
                gateGradients[g + 2 * units + u] = dy * tc * o * (1 - o);
                gateGradients[g + 3 * units + u] = dc * z * i * (1 - i);
                carry[s + u] = dc * f;
            }
        }
    }

    /**
     * @param matrix rows of {@code sums.length} values
     * @param sums incremented by the sum of the rows
     */
    static void addRows(float[] matrix, float[] sums) {
        for (int row = 0; row < matrix.length; row += sums.length) {
            for (int k = 0; k < sums.length; k++) {
                sums[k] += matrix[row + k];
            }
        }
    }

    /**
     * @param matrix {@code [rows][columns]}
     * @param transposed written: {@code [columns][rows]}
     */
    static void transpose(float[] matrix, float[] transposed, int rows, int columns) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                transposed[c * rows + r] = matrix[r * columns + c];
            }
        }
    }

    private static void tanh(float[] values, int from, int to) {
        for (int k = from; k < to; k++) {
            values[k] = tanh(values[k]);
        }
    }

    private static void sigmoid(float[] values, int from, int to) {
        for (int k = from; k < to; k++) {
            values[k] = 0.5f + 0.5f * tanh(0.5f * values[k]);
        }
    }

    /** Eigen's {@code ptanh_float}: a 13/6 rational approximation on the clamped input. */
    static float tanh(float value) {
        float x = Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, value));
        float x2 = x * x;
        float p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
        p = x2 * p + -8.60467152213735e-11f;
        p = x2 * p + 5.12229709037114e-08f;
        p = x2 * p + 1.48572235717979e-05f;
        p = x2 * p + 6.37261928875436e-04f;
        p = x2 * p + 4.89352455891786e-03f;
        float q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
        q = x2 * q + 2.26843463243900e-03f;
        q = x2 * q + 4.89352518554385e-03f;
        return x * p / q;
    }
}
