package org.sparklstm.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The most heap in use right after a garbage collection since the last {@link #reset}: what a command kept live
 * (its caches, its collected results), not its garbage. A lower bound of the heap it needs.
 */
final class LiveHeap implements NotificationListener {
    private final AtomicLong peak = new AtomicLong();

    private LiveHeap() {
    }

    /** @return a watcher of every collector of this JVM */
    static LiveHeap watch() {
        LiveHeap heap = new LiveHeap();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener(heap, null, null);
        }
        return heap;
    }

    /** Collects what the last command left, then starts a new peak. */
    void reset() {
        System.gc();
        peak.set(0);
    }

    /** @return the peak in bytes since the last reset */
    long peakBytes() {
        return peak.get();
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            long used = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo()
                    .getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
            peak.accumulateAndGet(used, Math::max);
        }
    }
}
