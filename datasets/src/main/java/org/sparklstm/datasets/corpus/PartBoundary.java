package org.sparklstm.datasets.corpus;

/** Where a large file of a {@link CorpusFormat} may be cut into parts that separate tasks read and parse. */
public enum PartBoundary {
    /** Nowhere: each file is read whole (an ABC tune or a MIDI file must not be cut). */
    NONE,
    /** At any character: a part is the UTF-8 characters that start in its byte range. */
    CHARACTER,
    /** At line ends: a part is the lines (rows) that start in its byte range, the last one read to its end. */
    LINE
}
