package org.sparklstm.datasets.midi;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.sparklstm.datasets.CorpusException;
import org.sparklstm.datasets.codec.SequenceCodec;
import org.sparklstm.datasets.corpus.CorpusFormat;
import org.sparklstm.datasets.corpus.Document;
import org.sparklstm.datasets.corpus.ParsedFile;
import org.sparklstm.datasets.corpus.PartBoundary;
import org.sparklstm.datasets.corpus.BadInputPolicy;

/**
 * Standard MIDI Files, each one document of {@link PerformanceCodec} events. A file that is not MIDI, is
 * truncated or corrupt, holds no notes or would give more events than {@link MidiOptions#maxEvents()} is skipped
 * (or fails the run under {@link BadInputPolicy#FAIL}).
 */
public final class MidiFormat implements CorpusFormat {
    private static final long serialVersionUID = 1L;

    /** The format's name. */
    public static final String NAME = "midi";
    /** The velocity bin a sample starts in when no prime is given (velocity 77, mezzo-forte). */
    public static final int DEFAULT_PRIME_BIN = 20;

    private static final PerformanceCodec CODEC = new PerformanceCodec();

    private final BadInputPolicy policy;
    private final MidiOptions options;

    /**
     * @param policy whether a bad file is skipped or fails the run
     * @param options drums and sustain handling
     */
    public MidiFormat(BadInputPolicy policy, MidiOptions options) {
        this.policy = policy;
        this.options = options;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ParsedFile parse(String source, byte[] bytes) {
        try {
            List<Note> notes = MidiReader.read(bytes, source, options);
            long least = PerformanceCodec.leastEvents(notes);
            if (least > options.maxEvents()) {
                throw new CorpusException(source, "would give at least " + least + " performance events, more than "
                        + "max-file-tokens (" + options.maxEvents() + "): its notes span "
                        + notes.stream().mapToLong(Note::endMicros).max().orElse(0) / 3_600_000_000L + " hours");
            }
            int[] events = CODEC.encode(notes);
            return ParsedFile.read(List.of(new Document(source, 0, events)), 0);
        } catch (CorpusException e) {
            if (policy == BadInputPolicy.FAIL) {
                throw e;
            }
            return ParsedFile.skipped(e.problem());
        }
    }

    /** @return NONE: a MIDI file is parsed whole */
    @Override
    public PartBoundary partBoundary() {
        return PartBoundary.NONE;
    }

    /** @return the fixed 388-event performance codec; no counts are needed */
    @Override
    public SequenceCodec newCodec(Supplier<Map<Integer, Long>> symbolCounts, int maxVocabulary) {
        return CODEC;
    }

    @Override
    public int[] defaultPrime(SequenceCodec codec) {
        return new int[] {PerformanceCodec.VELOCITY + DEFAULT_PRIME_BIN - 1};
    }
}
