package org.sparklstm.job;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** Checks on pictures the job draws. */
final class Images {
    private Images() {
    }

    /** A picture is not blank when many pixels differ from the background and it uses several colours. */
    static void assertNotBlank(BufferedImage image, String name) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                counts.merge(image.getRGB(x, y), 1, Integer::sum);
            }
        }
        int background = Collections.max(counts.values());
        double drawn = 1 - background / (double) (image.getWidth() * image.getHeight());
        assertTrue(drawn > 0.02 && counts.size() > 10, name + ": " + drawn + " drawn, " + counts.size() + " colours");
    }
}
