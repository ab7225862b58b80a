package org.sparklstm.core.config;

/** Where the executors cache the windows ({@code window-cache}). */
public enum WindowCache {
    /** On disk when the corpus exceeds a tenth of an executor's heap, else in memory. */
    AUTO,
    /** In memory, serialized, spilling to disk. */
    MEMORY,
    /** On local disk only. */
    DISK
}
