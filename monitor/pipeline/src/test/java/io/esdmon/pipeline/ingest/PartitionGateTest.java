package io.esdmon.pipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartitionGateTest {

    @Test
    void recordsOfAClosedPartitionWaitInOrderUntilItOpens() {
        PartitionGate<Integer, String> gate = new PartitionGate<>();
        long ticket = gate.close(Set.of(0, 1));
        assertTrue(gate.hold(0, "p0@5"));
        assertTrue(gate.hold(0, "p0@6"));
        assertFalse(gate.hold(2, "p2@1"), "an open partition's records go through");
        assertEquals(2, gate.heldRecords());
        Map<Integer, List<String>> opened = gate.open(Set.of(0, 1), ticket);
        assertEquals(List.of("p0@5", "p0@6"), opened.get(0));
        assertEquals(List.of(), opened.get(1));
        assertFalse(gate.hold(0, "p0@7"));
        assertEquals(0, gate.heldRecords());
    }

    /** Partition 0 moved away and came back while its first rebuild ran: that rebuild's answer must not open it. */
    @Test
    void anAnswerForAnEarlierAssignmentDoesNotOpen() {
        PartitionGate<Integer, String> gate = new PartitionGate<>();
        long first = gate.close(Set.of(0, 1));
        gate.drop(Set.of(0));
        assertFalse(gate.isClosed(0));
        long second = gate.close(Set.of(0));
        gate.hold(0, "p0@9");
        assertEquals(Set.of(1), gate.open(Set.of(0, 1), first).keySet());
        assertTrue(gate.isClosed(0));
        assertEquals(Set.of(0), gate.stillClosed(Set.of(0, 1), second));
        assertEquals(List.of("p0@9"), gate.open(Set.of(0), second).get(0));
    }

    @Test
    void droppedPartitionsForgetTheirRecords() {
        PartitionGate<Integer, String> gate = new PartitionGate<>();
        long ticket = gate.close(Set.of(3));
        gate.hold(3, "x");
        gate.drop(Set.of(3));
        assertEquals(0, gate.heldRecords());
        assertTrue(gate.open(Set.of(3), ticket).isEmpty());
    }

    /** The reassembly's gate opens every waiting partition at once when room frees. */
    @Test
    void openingAllHandsBackEveryClosedPartitionInOrder() {
        PartitionGate<Integer, String> gate = new PartitionGate<>();
        assertFalse(gate.anyClosed());
        gate.close(Set.of(0));
        gate.close(Set.of(2));
        gate.hold(0, "p0@1");
        gate.hold(2, "p2@4");
        gate.hold(0, "p0@2");
        assertTrue(gate.anyClosed());
        Map<Integer, List<String>> opened = gate.openAll();
        assertEquals(Map.of(0, List.of("p0@1", "p0@2"), 2, List.of("p2@4")), opened);
        assertFalse(gate.anyClosed());
        assertFalse(gate.hold(0, "p0@3"));
    }
}
