package io.esdmon.app.reliability;

import io.esdmon.testkit.TopicWatch;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;

/** Who is in a consumer group and what it owns, as the brokers see it. */
final class ConsumerGroups {

    private ConsumerGroups() {
    }

    /** Waits until the group's members are exactly {@code clients} (by client id), each owning partitions. */
    static void awaitMembers(Admin admin, String group, Set<String> clients, Duration timeout)
            throws InterruptedException {
        TopicWatch.await(() -> {
            ConsumerGroupDescription d = describe(admin, group);
            return d.members().stream().map(MemberDescription::clientId).collect(Collectors.toSet()).equals(clients)
                    && d.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
        }, timeout, () -> "members of " + group + ": " + describe(admin, group).members());
    }

    /** The partition numbers the member with client id {@code client} owns. */
    static Set<Integer> partitionsOf(Admin admin, String group, String client) {
        return describe(admin, group).members().stream().filter(m -> m.clientId().equals(client))
                .flatMap(m -> m.assignment().topicPartitions().stream()).map(tp -> tp.partition())
                .collect(Collectors.toSet());
    }

    static ConsumerGroupDescription describe(Admin admin, String group) {
        try {
            return admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group);
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe group " + group + ": " + e.getMessage(), e);
        }
    }
}
