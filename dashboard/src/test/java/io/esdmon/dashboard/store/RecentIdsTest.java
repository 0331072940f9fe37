package io.esdmon.dashboard.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecentIdsTest {

    @Test
    void remembersAtLeastOneGenerationAndForgetsAfterTwo() {
        RecentIds ids = new RecentIds(100);
        for (long id = 1; id <= 100; id++) {
            assertTrue(ids.add(id * 7919));
        }
        assertFalse(ids.add(7919), "a redelivery inside the window");
        for (long id = 101; id <= 200; id++) {
            assertTrue(ids.add(id * 7919));
        }
        assertFalse(ids.add(150 * 7919));
        assertFalse(ids.add(7919), "the previous generation is still remembered");
        for (long id = 201; id <= 300; id++) {
            ids.add(id * 7919);
        }
        assertTrue(ids.add(7919), "two generations later the id is forgotten");
    }

    @Test
    void zeroIsAnOrdinaryId() {
        RecentIds ids = new RecentIds(4);
        assertTrue(ids.add(0));
        assertFalse(ids.add(0));
    }
}
