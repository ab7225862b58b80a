package org.sparklstm.datasets.text;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.sparklstm.datasets.codec.ByteCodec;
import org.sparklstm.datasets.codec.SequenceCodec;
import org.sparklstm.datasets.corpus.CorpusFormat;
import org.sparklstm.datasets.corpus.Document;
import org.sparklstm.datasets.corpus.ParsedFile;
import org.sparklstm.datasets.corpus.PartBoundary;

/**
 * Any file as a sequence of bytes, one token per byte (256 fixed symbols): for corpora in unknown or mixed
 * encodings. Nothing is decoded, so no file is refused for its encoding; only empty and unreadable files are
 * skipped.
 */
public final class BytesFormat implements CorpusFormat {
    private static final long serialVersionUID = 1L;

    /** The format's name. */
    public static final String NAME = "bytes";
    private static final ByteCodec CODEC = new ByteCodec();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ParsedFile parse(String source, byte[] bytes) {
        int[] symbols = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            symbols[i] = bytes[i] & 0xFF;
        }
        return ParsedFile.read(List.of(new Document(source, 0, symbols)), 0);
    }

    /** @return CHARACTER: any byte range is a document, cut where text would be so parts stay where they were */
    @Override
    public PartBoundary partBoundary() {
        return PartBoundary.CHARACTER;
    }

    /** @return the fixed 256-symbol byte codec; no counts are needed */
    @Override
    public SequenceCodec newCodec(Supplier<Map<Integer, Long>> symbolCounts, int maxVocabulary) {
        return CODEC;
    }

    /** @return a newline */
    @Override
    public int[] defaultPrime(SequenceCodec codec) {
        return new int[] {'\n'};
    }
}
