package org.sparklstm.core.config;

/** What {@code gradient-clip} bounds ({@code gradient-clip-by}). */
public enum ClipBy {
    /** Each gradient element, to [-c, c]. */
    ELEMENT,
    /** Each layer's gradient, scaled down to an L2 norm of at most c (its direction kept). */
    NORM
}
