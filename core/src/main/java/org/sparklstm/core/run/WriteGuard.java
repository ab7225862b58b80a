package org.sparklstm.core.run;

/**
 * Checked before every write under a run root: a run that cannot prove it still holds the root's lease must not
 * write anything there.
 */
@FunctionalInterface
public interface WriteGuard {
    /** A guard that lets every write through (for roots no lease protects). */
    WriteGuard NONE = () -> { };

    /** @throws LeaseHeldException if this run may no longer hold the lease */
    void check();
}
