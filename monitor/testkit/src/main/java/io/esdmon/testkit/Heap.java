package io.esdmon.testkit;

import java.lang.management.ManagementFactory;

/** The heap a test's JVM uses, for tests that check what an input leaves behind. */
public final class Heap {

    private Heap() {
    }

    /** Heap in use after garbage collection: the least of three readings, each after a GC. */
    public static long usedAfterGc() throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
    }
}
