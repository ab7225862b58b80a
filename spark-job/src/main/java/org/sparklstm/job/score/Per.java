package org.sparklstm.job.score;

import java.util.Locale;
import org.sparklstm.core.config.ConfigException;

/**
 * What {@code score} gives a score to ({@code --per}): each document, each line of text, or each window of the
 * model's sequence length (a stretch of a MIDI performance, or of any document). Lines and windows are scored in
 * the document's stream, after its tokens before them, so their losses sum to the document's.
 */
public enum Per {
    /** Each document: a file (or a part of one), a row, a tune or a performance. */
    DOCUMENT,
    /** Each line of text, its {@code \n} included. */
    LINE,
    /**
     * Each window as training cuts it: {@code sequence-length} predicted tokens, starting at the token the last
     * window ended with (a shorter last window).
     */
    WINDOW;

    /**
     * @param name {@code document}, {@code line} or {@code window}
     * @return that value
     * @throws ConfigException naming {@code per} for another name
     */
    public static Per of(String name) {
        for (Per p : values()) {
            if (p.label().equals(name)) {
                return p;
            }
        }
        throw new ConfigException("per", "document, line or window, got " + name);
    }

    /** @return the name on the command line and in reports */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
