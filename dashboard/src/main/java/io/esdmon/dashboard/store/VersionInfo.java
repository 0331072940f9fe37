package io.esdmon.dashboard.store;

import java.util.List;

/**
 * One analysis version of a run: its records under one engine configuration and one classifier
 * configuration, as the monitor wrote them or a replay did.
 *
 * @param id                  {@code configId~classifierConfigId} ({@code configId~} for analyses without a phase)
 * @param configId            the analyses' config_id
 * @param classifierConfigId  their phases' classifier_config_id; empty when unclassified
 * @param tags                tags of the replays that wrote it, first seen first
 * @param replays             ids of those replays
 * @param monitor             whether the monitor wrote records of it
 * @param primary             whether it is the version shown by default (the one the monitor wrote last)
 * @param layers              layers held
 * @param analyses            analyses received
 * @param transitions         transitions held
 * @param firstStep           earliest step held, -1 when none
 * @param lastStep            newest step held, -1 when none
 * @param lastRecordMs        Kafka timestamp of its newest record
 */
public record VersionInfo(String id, String configId, String classifierConfigId, List<String> tags,
        List<String> replays, boolean monitor, boolean primary, int layers, long analyses, int transitions,
        long firstStep, long lastStep, long lastRecordMs) {
}
