package org.sparklstm.core.model.fused;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CellMathTest {
    @Test
    void tanhIsWithinFloatPrecisionEverywhere() {
        double worst = 0;
        for (double x = -30; x <= 30; x += 1e-3) {
            worst = Math.max(worst, Math.abs(CellMath.tanh((float) x) - Math.tanh((float) x)));
        }
        assertEquals(0.0, worst, 4e-7);
        assertEquals(1.0, CellMath.tanh(1e30f), 1e-7);
        assertEquals(-1.0, CellMath.tanh(Float.NEGATIVE_INFINITY), 1e-7);
    }

    @Test
    void oneStepForwardAndBackwardFollowTheLstmEquations() {
        int units = 3;
        float[] preActivations = {0.5f, -1f, 2f, 0.1f, 0.2f, -0.3f, 1.5f, -2f, 0.7f, 0.9f, -0.4f, 0.05f};
        float[] gates = preActivations.clone();
        float[] cell = {0.3f, -0.6f, 1.2f};
        float[] previousCell = cell.clone();
        float[] cellTanh = new float[units];
        float[] output = new float[units];
        CellMath.forward(gates, cell, cellTanh, output, 1, units);
        float[] dy = {0.2f, -0.5f, 1f};
        float[] carry = {0.1f, 0f, -0.2f};
        float[] carried = carry.clone();
        float[] dGates = new float[4 * units];
        CellMath.backward(gates, previousCell, cellTanh, dy, carry, dGates, 1, units);
        for (int u = 0; u < units; u++) {
            double z = Math.tanh(preActivations[u]);
            double f = sigmoid(preActivations[units + u]);
            double o = sigmoid(preActivations[2 * units + u]);
            double i = sigmoid(preActivations[3 * units + u]);
            double c = f * previousCell[u] + i * z;
            assertEquals(c, cell[u], 1e-6);
            assertEquals(o * Math.tanh(c), output[u], 1e-6);
            double dc = dy[u] * o * (1 - Math.tanh(c) * Math.tanh(c)) + carried[u];
            assertEquals(dc * i * (1 - z * z), dGates[u], 1e-6);
            assertEquals(dc * previousCell[u] * f * (1 - f), dGates[units + u], 1e-6);
            assertEquals(dy[u] * Math.tanh(c) * o * (1 - o), dGates[2 * units + u], 1e-6);
            assertEquals(dc * z * i * (1 - i), dGates[3 * units + u], 1e-6);
            assertEquals(dc * f, carry[u], 1e-6);
        }
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
