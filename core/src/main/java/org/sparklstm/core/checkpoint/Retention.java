package org.sparklstm.core.checkpoint;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which checkpoints retention keeps by their age and loss (the store adds those its pointers name). */
final class Retention {
    private Retention() {
    }

    /**
     * @param complete the complete checkpoints, oldest first
     * @param loss each one's validation loss
     * @param keepLast how many of the newest to keep
     * @param keepBest how many of the best (lowest finite loss) to keep besides
     * @return the checkpoints retention keeps, in a set that may be added to
     */
    static Set<String> kept(List<String> complete, Map<String, Double> loss, int keepLast, int keepBest) {
        Set<String> keep = new HashSet<>(complete.subList(Math.max(0, complete.size() - keepLast), complete.size()));
        complete.stream().filter(n -> Double.isFinite(loss.get(n)))
                .sorted(Comparator.comparingDouble(loss::get)).limit(keepBest).forEach(keep::add);
        return keep;
    }
}
