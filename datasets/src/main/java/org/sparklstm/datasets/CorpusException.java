package org.sparklstm.datasets;

/**
 * A corpus file that cannot be used as given: invalid encoding, binary content, unreadable.
 * The message always names the file and the problem.
 */
public class CorpusException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The file (path or URI) the problem was found in. */
    private final String source;
    /** What is wrong with it. */
    private final String problem;

    /**
     * @param source the file the problem was found in
     * @param problem what is wrong, in words a user can act on
     */
    public CorpusException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
        this.problem = problem;
    }

    /** @return the file (path or URI) the problem was found in */
    public String source() {
        return source;
    }

    /** @return what is wrong with the file, without its name */
    public String problem() {
        return problem;
    }
}
