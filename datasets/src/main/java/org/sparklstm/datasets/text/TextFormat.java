package org.sparklstm.datasets.text;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.sparklstm.datasets.CorpusException;
import org.sparklstm.datasets.codec.CharacterCodec;
import org.sparklstm.datasets.codec.SequenceCodec;
import org.sparklstm.datasets.corpus.BadInputPolicy;
import org.sparklstm.datasets.corpus.CorpusFormat;
import org.sparklstm.datasets.corpus.Document;
import org.sparklstm.datasets.corpus.ParsedFile;
import org.sparklstm.datasets.corpus.PartBoundary;

/**
 * Plain UTF-8 text, one token per Unicode code point, each file one document. Binary files are skipped; invalid
 * UTF-8 is handled by the {@link BadInputPolicy}.
 */
public class TextFormat implements CorpusFormat {
    private static final long serialVersionUID = 1L;

    /** The format's name. */
    public static final String NAME = "text";

    private final BadInputPolicy policy;

    /** @param policy what to do with a file that is not valid UTF-8 */
    public TextFormat(BadInputPolicy policy) {
        this.policy = policy;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return CHARACTER: a part of a text file, cut at character boundaries, is text */
    @Override
    public PartBoundary partBoundary() {
        return PartBoundary.CHARACTER;
    }

    @Override
    public final ParsedFile parse(String source, byte[] bytes) {
        int nul = TextDecoder.binaryOffset(bytes);
        if (nul >= 0) {
            return ParsedFile.skipped("binary file (NUL byte at offset " + nul + ")");
        }
        try {
            TextDecoder.Decoded decoded = TextDecoder.decodeUtf8(bytes, source, policy);
            return ParsedFile.read(documents(source, decoded.text()), decoded.replaced());
        } catch (CorpusException e) {
            if (policy == BadInputPolicy.FAIL) {
                throw e;
            }
            return ParsedFile.skipped(e.problem());
        }
    }

    /**
     * @param source the file
     * @param text its decoded text
     * @return its documents: here the whole text
     */
    protected List<Document> documents(String source, String text) {
        return text.isEmpty() ? List.of() : List.of(new Document(source, 0, TextDecoder.codePoints(text)));
    }

    @Override
    public final SequenceCodec newCodec(Supplier<Map<Integer, Long>> symbolCounts, int maxVocabulary) {
        return CharacterCodec.fromCounts(symbolCounts.get(), maxVocabulary);
    }

    @Override
    public int[] defaultPrime(SequenceCodec codec) {
        return primeOf((CharacterCodec) codec, "\n");
    }

    /**
     * @param codec a character codec
     * @param text the prime's text
     * @return its ids, or the most frequent symbol's if the text is entirely unknown to the codec
     */
    protected static int[] primeOf(CharacterCodec codec, String text) {
        int[] ids = codec.encode(text);
        for (int id : ids) {
            if (id != codec.unknownId()) {
                return ids;
            }
        }
        return new int[] {1};
    }
}
