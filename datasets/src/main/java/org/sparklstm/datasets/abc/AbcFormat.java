package org.sparklstm.datasets.abc;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sparklstm.datasets.codec.CharacterCodec;
import org.sparklstm.datasets.codec.SequenceCodec;
import org.sparklstm.datasets.corpus.Document;
import org.sparklstm.datasets.corpus.BadInputPolicy;
import org.sparklstm.datasets.corpus.PartBoundary;
import org.sparklstm.datasets.text.TextDecoder;
import org.sparklstm.datasets.text.TextFormat;

/**
 * ABC music notation read as text, one token per character, with each tune (from an {@code X:} header line to
 * the next) its own document. Text before a file's first tune (the file header) is not part of any tune and is
 * left out.
 */
public final class AbcFormat extends TextFormat {
    private static final long serialVersionUID = 1L;

    /** The format's name. */
    public static final String NAME = "abc";
    /** Where every tune starts: the reference-number field. */
    public static final String TUNE_START = "X:";
    private static final Pattern TUNE_HEADER = Pattern.compile("^X:", Pattern.MULTILINE);

    /** @param policy what to do with a file that is not valid UTF-8 */
    public AbcFormat(BadInputPolicy policy) {
        super(policy);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return NONE: a file is read whole, so that no tune is cut */
    @Override
    public PartBoundary partBoundary() {
        return PartBoundary.NONE;
    }

    /** @return one document per tune; offsets are in code points from the start of the file */
    @Override
    protected List<Document> documents(String source, String text) {
        List<Integer> starts = new ArrayList<>();
        Matcher m = TUNE_HEADER.matcher(text);
        while (m.find()) {
            starts.add(m.start());
        }
        List<Document> tunes = new ArrayList<>(starts.size());
        for (int i = 0; i < starts.size(); i++) {
            int from = starts.get(i);
            int to = i + 1 < starts.size() ? starts.get(i + 1) : text.length();
            String tune = text.substring(from, to).strip() + "\n\n";
            tunes.add(new Document(source, text.codePointCount(0, from), TextDecoder.codePoints(tune)));
        }
        return tunes;
    }

    @Override
    public int[] defaultPrime(SequenceCodec codec) {
        return primeOf((CharacterCodec) codec, TUNE_START);
    }
}
