package io.esdmon.pipeline.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Partitions that are assigned but not open for processing: the phase stage is still rebuilding their
 * layers' state, or (a second gate) the reassembly has no room for their next chunk. The consumer
 * pauses them, but records fetched before the pause took effect still arrive; they are held here, in
 * order, and handed back when the partition opens.
 * Each closing gets a ticket, so that an answer for an earlier assignment of the same partition (it
 * moved away and came back meanwhile) does not open it. Event-loop only.
 *
 * @param <P> partition type
 * @param <R> record type
 */
final class PartitionGate<P, R> {

    private final Map<P, Long> closed = new HashMap<>();
    private final Map<P, List<R>> held = new HashMap<>();
    private long tickets;

    /** Closes these partitions; returns the ticket that opens them. */
    long close(Set<P> partitions) {
        long ticket = ++tickets;
        for (P p : partitions) {
            closed.put(p, ticket);
            held.put(p, new ArrayList<>());
        }
        return ticket;
    }

    /** Holds the record if its partition is closed; false if it may be processed now. */
    boolean hold(P partition, R record) {
        List<R> waiting = held.get(partition);
        if (waiting == null) {
            return false;
        }
        waiting.add(record);
        return true;
    }

    /**
     * Opens those of {@code partitions} still closed under {@code ticket}; returns them with their held
     * records, in arrival order.
     */
    Map<P, List<R>> open(Set<P> partitions, long ticket) {
        Map<P, List<R>> opened = new LinkedHashMap<>();
        for (P p : stillClosed(partitions, ticket)) {
            closed.remove(p);
            opened.put(p, held.remove(p));
        }
        return opened;
    }

    /** Opens every closed partition; returns them with their held records, in arrival order. */
    Map<P, List<R>> openAll() {
        Map<P, List<R>> opened = new LinkedHashMap<>(held);
        closed.clear();
        held.clear();
        return opened;
    }

    /** Whether any partition is closed. */
    boolean anyClosed() {
        return !closed.isEmpty();
    }

    /** Forgets these partitions and their held records (they moved away). */
    void drop(Set<P> partitions) {
        for (P p : partitions) {
            closed.remove(p);
            held.remove(p);
        }
    }

    /** The partitions of {@code ticket} that are still closed under it. */
    Set<P> stillClosed(Set<P> partitions, long ticket) {
        Set<P> out = new LinkedHashSet<>();
        for (P p : partitions) {
            Long t = closed.get(p);
            if (t != null && t == ticket) {
                out.add(p);
            }
        }
        return out;
    }

    boolean isClosed(P partition) {
        return closed.containsKey(partition);
    }

    /** Records held in all closed partitions. */
    int heldRecords() {
        return held.values().stream().mapToInt(List::size).sum();
    }
}
