package org.celebadcgan.run;

import com.typesafe.config.Config;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.celebadcgan.checkpoint.CheckpointStore;
import org.celebadcgan.checkpoint.RunMeta;
import org.celebadcgan.config.HadoopConf;
import org.celebadcgan.config.JobSettings;
import org.celebadcgan.config.Redaction;
import org.celebadcgan.config.RunIdentity;
import org.celebadcgan.data.Epochs;
import org.celebadcgan.eval.DescriptorSet;
import org.celebadcgan.eval.SlicedWasserstein;
import org.celebadcgan.io.MetricsLog;
import org.celebadcgan.io.OutputRoot;
import org.celebadcgan.io.Uris;
import org.celebadcgan.model.GanPair;
import org.celebadcgan.runtime.DeviceCheck;
import org.celebadcgan.runtime.GpuProbe;
import org.celebadcgan.runtime.NativeBuild;
import org.celebadcgan.runtime.SparkSessions;
import org.celebadcgan.spark.RingTrainer;
import org.celebadcgan.spark.SparkTrainer;
import org.celebadcgan.spark.SwdEvaluator;
import org.celebadcgan.train.GanStep;
import org.celebadcgan.train.RoundPlan;
import org.celebadcgan.train.RoundReport;
import org.celebadcgan.train.RoundTrainer;
import org.celebadcgan.train.StateAveraging;
import org.celebadcgan.train.SyncSettings;
import org.celebadcgan.train.TrainingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One training run from start or resume to its last step: read -> preprocess -> shard -> rounds -> listeners.
 * The driver trains in segments: each runs whole rounds up to the next step where a listener needs the state
 * (a checkpoint, a sample grid, an evaluation) or the end; every round's figures go to every listener as it ends.
 */
public final class TrainingRun {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    private final Config config;
    private final JobSettings settings;
    private final boolean fresh;
    private final Set<String> allowChange;

    /**
     * @param config      the job's configuration (its spark.* keys go to Spark)
     * @param settings    the validated settings read from it
     * @param fresh       start over even where the output root holds a run
     * @param allowChange settings that define the run which may differ from the checkpoint's on resume
     */
    public TrainingRun(Config config, JobSettings settings, boolean fresh, Set<String> allowChange) {
        this.config = config;
        this.settings = settings;
        this.fresh = fresh;
        this.allowChange = allowChange;
    }

    /** Runs to train.steps; throws IllegalArgumentException for the operator's mistakes, others for failures. */
    public void run() throws IOException {
        JobSettings s = settings;
        Map<String, String> identity = RunIdentity.of(s);
        OutputRoot out = new OutputRoot(Uris.parse(s.outputRoot(), "output.root"), HadoopConf.from(config));
        CheckpointStore checkpoints = new CheckpointStore(out, s.keepLast(), s.keepEvery());
        try (RunStart start = RunStart.open(out, checkpoints, identity, s.leaseTimeout(), fresh, allowChange)) {
            LOG.info("native build: {}", NativeBuild.describe());
            SparkSession spark = SparkSessions.create(config, "celeba-dcgan train",
                    s.evalEvery() > 0 ? SwdEvaluator.SPARK_DEFAULTS : Map.of());
            TrainingData data = null;
            try {
                start.lease().applicationId(spark.sparkContext().applicationId());
                if (spark.sparkContext().isLocal()) { // the workers are this JVM: check its device before any work
                    LOG.info("device: {}", DeviceCheck.decide(s.device(), OptionalInt.empty(), GpuProbe::probe).why());
                }
                data = TrainingData.load(spark, s);
                TrainingState state = start.resume().map(CheckpointStore.Loaded::state).orElseGet(this::initialState);
                start.resume().ifPresent(r -> System.out.printf( // schedulers' logs show a run continued
                        "resuming from checkpoint %s (step %d, round %d) in %s%n", r.name(), r.state().step(),
                        r.state().round(), out.uri()));
                int workerBatch = s.batchSize() / s.workers();
                RoundTrainer trainer = trainer(JavaSparkContext.fromSparkContext(spark.sparkContext()), data,
                        new RoundPlan(s.model(), s.adam(), workerBatch, s.seed(), new StateAveraging(s.syncEvery())));
                LOG.info("model: {} G/D widths {}/{}; {} workers x {} images per step, K = {} steps per round, "
                                + "sync through the {} (mode {}, moments {}); from step {} to {} ({} images per "
                                + "worker shard, {} steps per epoch)", s.model().arch().id(), s.model().gWidth(),
                        s.model().dWidth(), s.workers(), workerBatch, trainer.stepsPerRound(),
                        SyncSettings.id(s.sync().transport()), SyncSettings.id(s.sync().mode()),
                        SyncSettings.id(s.sync().moments()), state.step(), s.steps(), data.imagesPerShard(),
                        data.batchesPerEpoch());
                RunMeta meta = new RunMeta(s.seed(), s.model(), 0, configHash(config), Redaction.json(config),
                        identity, start.changes());
                MetricsLog metrics = new MetricsLog(out, state.step());
                RoundClock clock = new RoundClock(System::nanoTime);
                List<RunListener> listeners = new ArrayList<>(List.of(
                        new ProgressLogger(s.logEvery(), LOG::info, clock),
                        new MetricsSink(metrics, s.logEvery(), start.changesNow(), clock),
                        new SampleGrids(out, s.model(), s.seed(), s.samplesEvery(), data.realSample()),
                        new CheckpointWriter(start.checkpoints(), meta, s.checkpointEvery()),
                        new ReportWriter(out, "celeba-dcgan: " + s.model().arch().id() + " on " + s.workers()
                                + " workers", meta.configJson(), s.checkpointEvery())));
                Evaluations evaluations = s.evalEvery() > 0
                        ? new Evaluations(s.evalEvery(), swd(spark, data), metrics, LOG::info) : null;
                if (evaluations != null) {
                    listeners.add(evaluations);
                }
                int batchesPerEpoch = data.batchesPerEpoch();
                state = train(trainer, state, s.steps(), listeners, start.lease()::check,
                        r -> event(r, s, batchesPerEpoch), clock);
                LOG.info("done at step {}: report {}, sample grids in {} (latest.png, real.png), checkpoints in {}",
                        state.step(), out.path("index.html"), out.path("samples"), out.path("checkpoints"));
                if (evaluations != null) {
                    evaluations.summary().ifPresent(System.out::println);
                }
            } finally {
                if (data != null) {
                    data.release();
                }
                spark.stop();
            }
        }
    }

    /** The transport train.sync.transport names. */
    private RoundTrainer trainer(JavaSparkContext jsc, TrainingData data, RoundPlan plan) {
        JobSettings s = settings;
        return switch (s.sync().transport()) {
            case RING -> new RingTrainer(jsc, data.shards(), plan, s.workers(), s.device(), s.sync());
            case DRIVER -> new SparkTrainer(jsc, data.shards(), plan, s.workers(), s.device());
        };
    }

    /**
     * The loop: segments of whole rounds up to the next state point, every round's event to every listener;
     * {@code guard} runs before listeners write (the lease check).
     */
    static TrainingState train(RoundTrainer trainer, TrainingState start, long total, List<RunListener> listeners,
                               Runnable guard, Function<RoundReport, RoundEvent> toEvent) throws IOException {
        return train(trainer, start, total, listeners, guard, toEvent, new RoundClock(System::nanoTime));
    }

    /** As above; {@code clock} (the listeners' clock) replays the rounds of a trainer that reports them late. */
    static TrainingState train(RoundTrainer trainer, TrainingState start, long total, List<RunListener> listeners,
                               Runnable guard, Function<RoundReport, RoundEvent> toEvent, RoundClock clock)
            throws IOException {
        for (RunListener l : listeners) {
            l.started(start);
        }
        TrainingState state = start;
        RoundEvent[] last = new RoundEvent[1];
        while (state.step() < total) {
            long from = state.step();
            long target = segmentEnd(from, listeners, trainer.stepsPerRound(), total);
            long segmentStart = clock.wallNow();
            state = trainer.train(state, target, report -> {
                if (!trainer.reportsAsRoundsEnd()) {
                    clock.roundReported(segmentStart, report.wallMs());
                }
                last[0] = toEvent.apply(report);
                guard.run(); // never write over a run that took the output root from us
                for (RunListener l : listeners) {
                    try {
                        l.roundEnded(last[0]);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
            clock.live();
            for (RunListener l : listeners) {
                if (target == total || l.nextStatePoint(from) <= target) {
                    l.stateReached(state, last[0]);
                }
            }
        }
        return state;
    }

    /** The end of the round (rounds of k from {@code from}) that reaches the nearest state point, or the end. */
    static long segmentEnd(long from, List<RunListener> listeners, int k, long total) {
        long point = total;
        for (RunListener l : listeners) {
            point = Math.min(point, l.nextStatePoint(from));
        }
        long rounds = (point - from + k - 1) / k;
        return Math.min(total, from + rounds * k);
    }

    /** SWD of a generator against the first eval.images images of the shuffled shards (described once). */
    private Evaluations.Scorer swd(SparkSession spark, TrainingData data) {
        JobSettings s = settings;
        long total = data.imagesPerShard() * s.workers();
        int n = (int) Math.min(s.evalImages(), total);
        if (n < s.evalImages()) {
            LOG.warn("eval.images is {} but the run has {} images: SWD uses {} on each side", s.evalImages(), total, n);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        DescriptorSet[] real = new DescriptorSet[1];
        return g -> {
            jsc.setJobGroup("eval", "SWD of " + n + " images", false);
            if (real[0] == null) {
                real[0] = SwdEvaluator.real(data.shards(), n, s.seed());
            }
            return SlicedWasserstein.distance(real[0], SwdEvaluator.generated(jsc, s.model(), g, n, s.seed(),
                    s.device()), s.seed());
        };
    }

    static RoundEvent event(RoundReport r, JobSettings s, int batchesPerEpoch) {
        return new RoundEvent(r.step(), s.steps(), r.round(), Epochs.after(r.step(), batchesPerEpoch), r.steps(),
                r.workers(), (long) r.steps() * s.batchSize(), r.figures(), r.wallMs(), r.computeMsMax(),
                r.computeMsMedian(), r.syncMs(), r.bytesMoved());
    }

    private TrainingState initialState() {
        return new GanStep(GanPair.create(settings.model(), settings.seed()), settings.adam(), z -> {
            throw new IllegalStateException("the driver does not train");
        }).exportState(0);
    }

    /** SHA-256 of the job's own settings (spark.* excluded), stored in checkpoints. */
    static String configHash(Config c) {
        StringBuilder sb = new StringBuilder();
        for (String section : List.of("data", "model", "train", "checkpoint", "samples", "log", "output")) {
            if (c.hasPath(section)) {
                sb.append(section).append('=').append(c.getValue(section).render(
                        com.typesafe.config.ConfigRenderOptions.concise())).append('\n');
            }
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
