package org.celebadcgan.train;

import org.celebadcgan.rng.NoiseSource;
import org.celebadcgan.model.GanPair;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.function.IntConsumer;


/**
 * One DCGAN training step on one batch: the algorithm of the paper and of pytorch/examples' dcgan, nothing else.
 * <ol>
 *   <li>Update D, maximising log D(x) + log(1 - D(G(z))): D on real (target 1), D on G(z) detached (target 0),
 *       loss = mean of the two BCE terms, one Adam step on D.</li>
 *   <li>Update G, maximising log D(G(z')) on fresh noise (the non-saturating loss): D's input gradient flows into G;
 *       only G takes an Adam step.</li>
 * </ol>
 * Not thread-safe: one instance per networks pair per thread. Buffers are made once per batch size.
 */
public final class GanStep {

    private final MultiLayerNetwork g;
    private final MultiLayerNetwork d;
    private final int zDim;
    private NoiseSource noise;
    private final Adam adamG;
    private final Adam adamD;
    private final RunningStats statsG;
    private final RunningStats statsD;
    private final INDArray gParams;
    private final INDArray gGrad;
    private final INDArray dParams;
    private final INDArray dGrad;
    private final INDArray dGradSum;
    private final NetworkPass passG;
    private final NetworkPass passD;
    private long iteration;
    private GradientReducer reducer = GradientReducer.LOCAL;
    private GradientBuckets bucketsD;
    private GradientBuckets bucketsG;
    private long bucketBytes;
    /** Per D layer: its slice of dGradSum and of D's gradient (null for a layer without parameters). */
    private final INDArray[] dSumLayers;
    private final INDArray[] dGradLayers;
    // Made once: backward calls them after each layer.
    private final IntConsumer dLayerDone = this::discriminatorLayerDone;
    private final IntConsumer gLayerDone = this::generatorLayerDone;

    private int batch = -1;
    private INDArray z;
    private INDArray epsilon;
    private BceWithLogits bce;
    private StepFigures figures;

    public GanStep(GanPair pair, AdamSettings adam, NoiseSource noise) {
        this(pair, adam, noise, true);
    }

    /** {@code workspaces = false}: every array allocated afresh, the oracle for the workspace path's tests. */
    GanStep(GanPair pair, AdamSettings adam, NoiseSource noise, boolean workspaces) {
        this.g = pair.generator();
        this.d = pair.discriminator();
        this.zDim = pair.spec().zDim();
        this.noise = noise;
        this.passG = new NetworkPass(g, "G", workspaces);
        this.passD = new NetworkPass(d, "D", workspaces);
        // 1-D views of the flat parameter and gradient buffers (DL4J hands out [N] or [1, N]); no copies.
        this.gParams = flat(g.params());
        this.gGrad = flat(g.getFlattenedGradients());
        this.dParams = flat(d.params());
        this.dGrad = flat(d.getFlattenedGradients());
        this.adamG = new Adam(adam, gParams.length());
        this.adamD = new Adam(adam, dParams.length());
        this.statsG = new RunningStats(g);
        this.statsD = new RunningStats(d);
        this.dGradSum = Nd4j.create(DataType.FLOAT, dParams.length());
        long[] starts = GradientBuckets.layerStarts(d);
        this.dSumLayers = new INDArray[starts.length - 1];
        this.dGradLayers = new INDArray[starts.length - 1];
        for (int i = 0; i < dSumLayers.length; i++) {
            if (starts[i + 1] > starts[i]) {
                var range = NDArrayIndex.interval(starts[i], starts[i + 1]);
                dSumLayers[i] = dGradSum.get(range);
                dGradLayers[i] = dGrad.get(range);
            }
        }
        this.bucketsD = new GradientBuckets(d, 0);
        this.bucketsG = new GradientBuckets(g, 0);
    }

    /**
     * Runs one step on {@code real} ([B, 3, 64, 64], values in [-1, 1]). Its figures stay on the device until
     * {@link #takeFigures()}: nothing is read back per step.
     */
    public void step(INDArray real) {
        updateDiscriminator(real); // (1) maximise log(D(x)) + log(1 - D(G(z)))
        updateGenerator();         // (2) maximise log(D(G(z'))) on fresh noise
        endStep();
    }

    /**
     * What happens to each gradient before its Adam step (the distributed trainer sets the ring's in gradients mode);
     * {@link GradientReducer#LOCAL} until then.
     */
    public void setGradientReducer(GradientReducer reducer) {
        setGradientReducer(reducer, 0);
    }

    /**
     * As {@link #setGradientReducer(GradientReducer)}, handing each gradient over in buckets of at least
     * {@code bucketBytes} as backward finishes them ({@link GradientBuckets}; 0: whole, after backward).
     */
    public void setGradientReducer(GradientReducer reducer, long bucketBytes) {
        this.reducer = reducer;
        if (bucketBytes != this.bucketBytes) {
            this.bucketsD = new GradientBuckets(d, bucketBytes);
            this.bucketsG = new GradientBuckets(g, bucketBytes);
            this.bucketBytes = bucketBytes;
        }
    }

    /** D's gradient buckets, in the order the reducer gets them. */
    GradientBuckets discriminatorBuckets() {
        return bucketsD;
    }

    /** G's gradient buckets, in the order the reducer gets them. */
    GradientBuckets generatorBuckets() {
        return bucketsG;
    }

    /** Mean figures of the steps since the last call (one read from the device); null before any step. */
    public StepResult takeFigures() {
        return figures == null || !figures.pending() ? null : figures.take();
    }

    /** The D half of a step: gradient, then Adam on D alone. */
    void updateDiscriminator(INDArray real) {
        discriminatorGradient(real); // hands its buckets to the reducer as backward finishes them
        reducer.finish();
        applyDiscriminatorGradient();
    }

    /** The G half of a step: gradient through D, then Adam on G alone. */
    void updateGenerator() {
        generatorGradient(); // hands its buckets to the reducer as backward finishes them
        reducer.finish();
        applyGeneratorGradient();
    }

    /** Adam on D with {@link #discriminatorGradientView()} (turned into the update in place). */
    void applyDiscriminatorGradient() {
        adamD.step(dParams, dGradSum, iteration);
    }

    /** Adam on G with {@link #generatorGradientView()} (turned into the update in place). */
    void applyGeneratorGradient() {
        adamG.step(gParams, gGrad, iteration);
    }

    /** Ends a step: Adam's bias correction counts it. */
    void endStep() {
        iteration++;
    }

    /**
     * D's gradient for one batch into {@link #discriminatorGradientView()}; D's running statistics follow the real
     * then the fake batch. Adds D's loss, D(x) and D(G(z)) to the step figures.
     */
    void discriminatorGradient(INDArray real) {
        ensureBuffers((int) real.size(0));
        noise.fill(z);
        try (NetworkPass.Scope gs = passG.open()) {
            INDArray fake = passG.forward(z); // train-mode BatchNorm, as PyTorch's netG(noise); not backpropagated
            try (NetworkPass.Scope ds = passD.open()) {
                INDArray logits = passD.forward(real);
                bce.accumulate(logits, 1, 0.5 / batch, epsilon, figures.row(StepFigures.LOSS_D),
                        figures.row(StepFigures.D_REAL));
                passD.backward(epsilon);
            }
            statsD.applyAndClear();
            dGradSum.assign(dGrad);
            try (NetworkPass.Scope ds = passD.open()) {
                INDArray logits = passD.forward(fake);
                bce.accumulate(logits, 0, 0.5 / batch, epsilon, figures.row(StepFigures.LOSS_D),
                        figures.row(StepFigures.D_FAKE_D));
                passD.backward(epsilon, dLayerDone); // per layer: statistics, the sum, then its bucket out
            }
            figures.countDiscriminatorHalf();
        }
    }

    /**
     * G's gradient on fresh noise into G's flattened gradient view; D only passes the gradient on (its parameters
     * and statistics stay as the D step left them). Adds G's loss and D(G(z')) to the step figures.
     */
    void generatorGradient() {
        noise.fill(z);
        try (NetworkPass.Scope gs = passG.open(); NetworkPass.Scope ds = passD.open()) {
            INDArray fake = passG.forward(z);
            INDArray logits = passD.forward(fake);
            bce.accumulate(logits, 1, 1.0 / batch, epsilon, figures.row(StepFigures.LOSS_G),
                    figures.row(StepFigures.D_FAKE_G));
            INDArray intoG = passD.backward(epsilon);
            statsD.clear();
            passG.backward(intoG, gLayerDone); // per layer: statistics, then its bucket out
            figures.countGeneratorHalf();
        }
    }

    /** D's layer {@code i} is final on the fake batch: its statistics, its part of the sum, its bucket if full. */
    private void discriminatorLayerDone(int i) {
        statsD.applyAndClear(i); // before the sum: the statistics' slots must reach the reducer as zeros
        if (dSumLayers[i] != null) {
            dSumLayers[i].addi(dGradLayers[i]);
        }
        int b = bucketsD.completedBy(i);
        if (b >= 0) {
            reducer.reduce(dGradSum, bucketsD.from(b), bucketsD.to(b));
        }
    }

    /** G's layer {@code i} is final: its statistics, then its bucket if full. */
    private void generatorLayerDone(int i) {
        statsG.applyAndClear(i);
        int b = bucketsG.completedBy(i);
        if (b >= 0) {
            reducer.reduce(gGrad, bucketsG.from(b), bucketsG.to(b));
        }
    }

    /** D's summed gradient of the last D step (live buffer). */
    INDArray discriminatorGradientView() {
        return dGradSum;
    }

    /** G's gradient of the last G step (live view of G's flat gradient buffer). */
    INDArray generatorGradientView() {
        return gGrad;
    }

    /**
     * Every BatchNorm running mean and variance, G's then D's, in layer order (a copy): in gradients mode the only
     * values that differ between workers.
     */
    public float[] runningStatistics() {
        float[] g = statsG.values();
        float[] d = statsD.values();
        float[] all = java.util.Arrays.copyOf(g, g.length + d.length);
        System.arraycopy(d, 0, all, g.length, d.length);
        return all;
    }

    /** Replaces the running statistics by {@code values}, laid out as {@link #runningStatistics()} returns them. */
    public void setRunningStatistics(float[] values) {
        int g = statsG.length();
        if (values.length != g + statsD.length()) {
            throw new IllegalArgumentException("running statistics: " + values.length + " values, the model "
                    + (g + statsD.length()));
        }
        statsG.set(values, 0);
        statsD.set(values, g);
    }

    /** Workspace sizes in MiB, for the benchmark's memory breakdown. */
    public String workspaceSummary() {
        long[] g = passG.workspaceBytes();
        long[] d = passD.workspaceBytes();
        return String.format(java.util.Locale.ROOT,
                "workspaces MiB: G act %d, grad %d, work %d; D act %d, grad %d, work %d",
                g[0] >> 20, g[1] >> 20, g[2] >> 20, d[0] >> 20, d[1] >> 20, d[2] >> 20);
    }

    /** Replaces the noise source (the distributed trainer re-seeds it every round). */
    public void setNoise(NoiseSource noise) {
        this.noise = noise;
    }

    /** Copies parameters (BatchNorm statistics included), Adam moments and the step counter out. */
    public TrainingState exportState(long round) {
        return new TrainingState(gParams.toFloatVector(), dParams.toFloatVector(),
                adamG.firstMoment().toFloatVector(), adamG.secondMoment().toFloatVector(),
                adamD.firstMoment().toFloatVector(), adamD.secondMoment().toFloatVector(), iteration, round);
    }

    /** Loads a state exported from a step of the same model. */
    public void importState(TrainingState s) {
        assign(gParams, s.g(), "G parameters");
        assign(dParams, s.d(), "D parameters");
        assign(adamG.firstMoment(), s.gM(), "G Adam m");
        assign(adamG.secondMoment(), s.gV(), "G Adam v");
        assign(adamD.firstMoment(), s.dM(), "D Adam m");
        assign(adamD.secondMoment(), s.dV(), "D Adam v");
        iteration = s.step();
    }

    private static void assign(INDArray target, float[] values, String what) {
        if (target.length() != values.length) {
            throw new IllegalArgumentException(what + ": state has " + values.length + " values, the model "
                    + target.length() + " (another architecture or width?)");
        }
        target.assign(Nd4j.createFromArray(values));
    }

    /** Steps taken so far (Adam's bias correction counts from here). */
    public long iteration() {
        return iteration;
    }

    public Adam adamG() {
        return adamG;
    }

    public Adam adamD() {
        return adamD;
    }

    static INDArray flat(INDArray a) {
        INDArray v = a.reshape(a.length());
        if (v.data().address() != a.data().address() || v.offset() != a.offset()) {
            throw new IllegalStateException("expected a view of the network's flat buffer");
        }
        return v;
    }

    private void ensureBuffers(int b) {
        if (b != batch) {
            if (figures != null && figures.pending()) {
                throw new IllegalStateException("batch size changed from " + batch + " to " + b
                        + " with step figures not taken");
            }
            batch = b;
            z = Nd4j.create(DataType.FLOAT, b, zDim, 1, 1);
            epsilon = Nd4j.create(DataType.FLOAT, b, 1, 1, 1);
            bce = new BceWithLogits(b);
            figures = new StepFigures(b);
        }
    }
}
