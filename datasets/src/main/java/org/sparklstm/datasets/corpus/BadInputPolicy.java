package org.sparklstm.datasets.corpus;

/** What to do with a corpus file that is not valid UTF-8. */
public enum BadInputPolicy {
    /** Leave the whole file out, and name it in the data report. */
    SKIP,
    /** Replace each malformed byte sequence with U+FFFD and count it (the default). */
    REPLACE,
    /** Stop the run with an error naming the file and the byte offset. */
    FAIL
}
