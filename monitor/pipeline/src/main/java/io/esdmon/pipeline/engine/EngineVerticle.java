package io.esdmon.pipeline.engine;

import io.esdmon.pipeline.Addresses;
import io.esdmon.pipeline.MonitorConfig;
import io.esdmon.proto.DeadLetterReason;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Runs analyses, and the phase classifier on their results when {@link MonitorConfig#phases()} is set,
 * on a pool of {@link MonitorConfig#workers()} threads, never on the event loop: answers
 * {@link Addresses#analyze()} requests with an {@link AnalysisOutcome}. The pool's queue is
 * shared, so an idle thread takes the next job whichever snapshot came first.
 */
public final class EngineVerticle extends VerticleBase {

    private final MonitorConfig config;
    private final Addresses addresses;
    private WorkerExecutor pool;
    private MessageConsumer<AnalysisJob> consumer;

    public EngineVerticle(MonitorConfig config, Addresses addresses) {
        this.config = config;
        this.addresses = addresses;
    }

    @Override
    public Future<?> start() {
        pool = vertx.createSharedWorkerExecutor(addresses.base() + "-engine", config.workers(),
                config.analysisTimeout().toNanos(), TimeUnit.NANOSECONDS);
        // building the engine loads the native LAPACK library, which takes seconds on a busy machine
        return pool.executeBlocking(() -> SnapshotAnalysis.of(config.analysis(), config.phases(), Clock.systemUTC()))
                .compose(this::listen);
    }

    private Future<Void> listen(SnapshotAnalysis analysis) {
        consumer = vertx.eventBus().consumer(addresses.analyze(), message -> {
            AnalysisJob job = message.body();
            pool.executeBlocking(() -> analysis.run(job.snapshot()), false).onComplete(done -> message.reply(
                    done.succeeded() ? done.result()
                            : new AnalysisOutcome.Failed(DeadLetterReason.ANALYSIS_FAILED,
                                    "the engine pool failed: " + done.cause(), "engine")));
        });
        return consumer.completion();
    }

    @Override
    public Future<?> stop() {
        Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
        return unregistered.eventually(() -> pool.close());
    }
}
