package org.sparklstm.core.checkpoint;

/** A checkpoint that cannot be loaded, of a {@link Kind} that resuming treats apart from damage. */
final class UnloadableCheckpoint extends CheckpointException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    enum Kind {
        /** No readable manifest: its write never finished. */
        INCOMPLETE,
        /** Written by a newer build, in a bundle format this build cannot read. */
        NEWER_FORMAT
    }

    private final Kind kind;
    private final String reason;

    /**
     * @param folder the checkpoint's folder
     * @param kind why it cannot be loaded
     * @param reason the details
     */
    UnloadableCheckpoint(String folder, Kind kind, String reason) {
        super(folder + ": " + reason);
        this.kind = kind;
        this.reason = reason;
    }

    /** @return why it cannot be loaded */
    Kind kind() {
        return kind;
    }

    /** @return the details, without the folder */
    String reason() {
        return reason;
    }
}
