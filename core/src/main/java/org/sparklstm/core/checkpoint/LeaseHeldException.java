package org.sparklstm.core.checkpoint;

/** Another live run holds the lease on an output root (or took it over from this run). */
public class LeaseHeldException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message who holds the lease, on which root, and until when */
    public LeaseHeldException(String message) {
        super(message);
    }
}
