package org.sparklstm.core.config;

import java.io.Serializable;

/**
 * An inclusive range of integers written {@code min..max} (or a single integer, meaning {@code n..n}).
 *
 * @param min the smallest member
 * @param max the largest member, at least {@code min}
 */
public record IntRange(int min, int max) implements Serializable {
    /** Validates the bounds. */
    public IntRange {
        if (max < min) {
            throw new IllegalArgumentException("range " + min + ".." + max + " is empty");
        }
    }

    /**
     * @param text {@code min..max} or {@code n}
     * @return the range
     * @throws IllegalArgumentException if the text is not a range
     */
    public static IntRange parse(String text) {
        int dots = text.indexOf("..");
        if (dots < 0) {
            int n = Integer.parseInt(text.trim());
            return new IntRange(n, n);
        }
        return new IntRange(Integer.parseInt(text.substring(0, dots).trim()),
                Integer.parseInt(text.substring(dots + 2).trim()));
    }

    @Override
    public String toString() {
        return min + ".." + max;
    }
}
