package io.esdmon.wire.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates esdmon's topics where they are missing and reports how existing ones differ from the spec. */
public final class TopicAdmin {

    private final Admin admin;
    private final Duration timeout;

    public TopicAdmin(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** What {@link #ensure} did for one topic. */
    public record Outcome(TopicSpec spec, boolean created, int actualPartitions) {
        /** A sentence for logs. */
        public String describe() {
            if (created) {
                return "created " + spec.name() + " (" + spec.partitions()
                        + (spec.partitions() == 1 ? " partition" : " partitions") + ", replication "
                        + spec.replicationFactor() + ", " + spec.sortedConfigs() + ")";
            }
            String note = actualPartitions == spec.partitions() ? ""
                    : " with " + actualPartitions + " partitions, not the " + spec.partitions()
                            + " esdmon would create; keyed topics should have equal partition counts";
            return "kept existing " + spec.name() + note;
        }
    }

    /**
     * Creates every topic in {@code specs} that does not exist yet; existing topics are left as they
     * are. Returns once every topic is visible to clients. Throws {@link IllegalStateException}
     * naming the topic when the broker refuses.
     */
    public List<Outcome> ensure(List<TopicSpec> specs) {
        List<Outcome> outcomes = new ArrayList<>();
        for (TopicSpec spec : specs) {
            NewTopic topic = new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor())
                    .configs(spec.configs());
            boolean created;
            try {
                admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                created = true;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("could not create topic " + spec.name() + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
                created = false;
            } catch (TimeoutException e) {
                throw new IllegalStateException("creating topic " + spec.name() + " took longer than " + timeout
                        + "; is the broker reachable?", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topic " + spec.name(), e);
            }
            // also for a created topic: returns once the broker's metadata shows it, so clients find it
            outcomes.add(new Outcome(spec, created, partitionsOf(spec.name())));
        }
        return outcomes;
    }

    /** Partition count of an existing topic; retried while a just-created topic's metadata propagates. */
    private int partitionsOf(String topic) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> d = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return d.get(topic).partitions().size();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not describe topic " + topic + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("describing topic " + topic + " took longer than " + timeout, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while describing topic " + topic, e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while describing topic " + topic, e);
            }
        }
    }
}
