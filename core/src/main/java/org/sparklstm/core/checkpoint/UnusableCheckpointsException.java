package org.sparklstm.core.checkpoint;

/**
 * A run root holds published checkpoints but none can be resumed (damaged, or the newest was written by a newer
 * build), so the run can neither resume nor silently start over; {@code train --restart} starts over on purpose.
 */
public class UnusableCheckpointsException extends CheckpointException {
    private static final long serialVersionUID = 1L;

    /** @param message the checkpoints folder, each checkpoint that cannot be loaded and why, and what to do */
    public UnusableCheckpointsException(String message) {
        super(message);
    }
}
