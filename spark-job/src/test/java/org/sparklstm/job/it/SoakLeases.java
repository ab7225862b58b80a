package org.sparklstm.job.it;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When each run could write under each root, from the lease's own log lines ({@code lease taken / renewed /
 * released / lost on ROOT at monotonic T ms}, one machine-wide clock): from a take or a renewal it may write until
 * three quarters of the lease time later, unless it released or lost the lease, or its process ended, first.
 * Two runs that could write under one root at the same moment break the lease's promise.
 */
final class SoakLeases {
    private static final Pattern EVENT = Pattern.compile("lease (taken|renewed|released|lost) on (\\S+) at "
            + "monotonic (\\d+) ms");

    /** A span of one run's right to write under a root. */
    record Span(String run, String root, long from, long to) {
    }

    private SoakLeases() {
    }

    /**
     * @param run a name for the run
     * @param log its output
     * @param leaseMillis the lease time
     * @param endedAt when its process ended, on the monotonic clock (ms)
     * @param clockOffsetMillis how far the run's clocks were set off (faketime), taken back out of its times
     * @return the spans in which it could write, per root
     */
    static List<Span> spans(String run, String log, long leaseMillis, long endedAt, long clockOffsetMillis) {
        List<Span> spans = new ArrayList<>();
        Matcher m = EVENT.matcher(log);
        long valid = leaseMillis * 3 / 4;
        java.util.Map<String, long[]> open = new java.util.HashMap<>();
        while (m.find()) {
            String root = m.group(2);
            long at = Long.parseLong(m.group(3)) - clockOffsetMillis;
            switch (m.group(1)) {
                case "taken", "renewed" -> {
                    long[] span = open.get(root);
                    if (span != null && at <= span[1]) {
                        span[1] = Math.min(endedAt, at + valid);
                    } else {
                        if (span != null) {
                            spans.add(new Span(run, root, span[0], span[1]));
                        }
                        open.put(root, new long[] {at, Math.min(endedAt, at + valid)});
                    }
                }
                default -> {
                    long[] span = open.remove(root);
                    if (span != null) {
                        spans.add(new Span(run, root, span[0], Math.min(span[1], at)));
                    }
                }
            }
        }
        open.forEach((root, span) -> spans.add(new Span(run, root, span[0], span[1])));
        return spans;
    }

    /** @return the pairs of spans of different runs on one root that overlap */
    static List<String> overlaps(List<Span> spans) {
        List<String> broken = new ArrayList<>();
        for (int i = 0; i < spans.size(); i++) {
            for (int j = i + 1; j < spans.size(); j++) {
                Span a = spans.get(i);
                Span b = spans.get(j);
                if (!a.run().equals(b.run()) && a.root().equals(b.root()) && a.from() < b.to() && b.from() < a.to()) {
                    broken.add("two live lease holders on " + a.root() + ": " + a + " and " + b);
                }
            }
        }
        return broken;
    }
}
