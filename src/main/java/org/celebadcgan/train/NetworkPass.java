package org.celebadcgan.train;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.params.DeconvolutionParamInitializer;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Train-mode forward and backward passes of one loss-less network, layer by layer, in workspaces of its own.
 * <p>
 * Why not {@code MultiLayerNetwork.feedForward} + {@code backpropGradient}: those return activations allocated
 * outside any workspace, so every step leaves hundreds of MB of off-heap garbage that only a GC frees (peak RSS
 * 4-5 GB at batch 128, docs/performance.md). And MultiLayerNetwork's own workspaces have fixed names, so G's
 * activations and D's would share one workspace while the G step needs both alive. Here each network owns
 * uniquely named workspaces, sized on the first step and reused after: activations (open from forward to the end of
 * backward), two alternating ones for activation gradients, and per-layer working memory.
 * <p>
 * Usage: {@code try (Scope s = pass.open()) { out = pass.forward(x); ...; epsIn = pass.backward(eps); }}:
 * arrays returned are valid until the scope closes. Not thread-safe; one per network per thread.
 */
final class NetworkPass {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0)
            .overallocationLimit(0.05)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();

    private final MultiLayerNetwork net;
    private final Layer[] layers;
    private final String actWs;
    private final String[] gradWs;
    private final String workWs;
    /** Identical but for where activation gradients go: layer i writes into gradWs[i % 2]. */
    private final LayerWorkspaceMgr[] mgrs;
    private final LayerWorkspaceMgr mgr;
    /** The gradient workspace holding the last backward's result, open until the scope closes. */
    private MemoryWorkspace holding;

    private final boolean workspaces;
    private final boolean[] directDeconv;

    NetworkPass(MultiLayerNetwork net, String name) {
        this(net, name, true);
    }

    /** {@code workspaces = false} allocates every array afresh: slow, but the oracle tests compare against. */
    NetworkPass(MultiLayerNetwork net, String name, boolean workspaces) {
        this.workspaces = workspaces;
        this.net = net;
        this.layers = net.getLayers();
        for (int i = 0; i < layers.length; i++) {
            if (net.getLayerWiseConfigurations().getInputPreProcess(i) != null) {
                throw new IllegalArgumentException(name + " layer " + i + " has an input preprocessor: unsupported");
            }
        }
        this.directDeconv = new boolean[layers.length];
        for (int i = 0; i < layers.length; i++) {
            directDeconv[i] = isDirectDeconvolution(layers[i]);
        }
        String id = name + "-" + IDS.incrementAndGet();
        this.actWs = "GAN_ACT_" + id;
        this.gradWs = new String[]{"GAN_GRAD_A_" + id, "GAN_GRAD_B_" + id};
        this.workWs = "GAN_WORK_" + id;
        this.mgrs = new LayerWorkspaceMgr[]{manager(gradWs[0]), manager(gradWs[1])};
        this.mgr = mgrs[0];
        net.initGradientsView();
    }

    private LayerWorkspaceMgr manager(String grad) {
        if (!workspaces) {
            return LayerWorkspaceMgr.noWorkspaces();
        }
        LayerWorkspaceMgr m = LayerWorkspaceMgr.builder()
                .with(ArrayType.INPUT, actWs, CONFIG)
                .with(ArrayType.ACTIVATIONS, actWs, CONFIG)
                .with(ArrayType.ACTIVATION_GRAD, grad, CONFIG)
                .with(ArrayType.FF_WORKING_MEM, workWs, CONFIG)
                .with(ArrayType.BP_WORKING_MEM, workWs, CONFIG)
                .with(ArrayType.RNN_FF_LOOP_WORKING_MEM, workWs, CONFIG)
                .with(ArrayType.RNN_BP_LOOP_WORKING_MEM, workWs, CONFIG)
                .build();
        m.setHelperWorkspacePointers(new HashMap<>());
        return m;
    }

    /** Opens the activation workspace for one forward + backward. */
    Scope open() {
        return new Scope(workspaces ? Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, actWs) : null);
    }

    /** Train-mode forward pass (batch statistics in BatchNorm); layers keep their inputs for {@link #backward}. */
    INDArray forward(INDArray input) {
        // An input living in another network's workspace is used in place, not copied into ours.
        if (workspaces && input.isAttached()) {
            for (LayerWorkspaceMgr m : mgrs) {
                m.setNoLeverageOverride(input.data().getParentWorkspace().getId());
            }
        }
        INDArray x = input;
        for (Layer layer : layers) {
            try (MemoryWorkspace work = mgr.notifyScopeEntered(ArrayType.FF_WORKING_MEM)) {
                x = layer.activate(x, true, mgr);
            }
        }
        return x;
    }

    /**
     * Backward pass from dLoss/dOutput: parameter gradients land in the network's flat gradient view; returns
     * dLoss/dInput (valid until the scope closes).
     */
    INDArray backward(INDArray epsilon) {
        return backward(epsilon, null);
    }

    /**
     * As {@link #backward(INDArray)}, telling {@code layerDone} (when not null) each layer's index as soon as its
     * parameter gradients are final, last layer first: what lets a reducer start on them while earlier layers run.
     */
    INDArray backward(INDArray epsilon, IntConsumer layerDone) {
        // Two gradient workspaces in turn, as MultiLayerNetwork does: layer i's output gradient is only needed by
        // layer i-1, so each workspace is reset two layers later and gradient memory stays at two layers' worth.
        MemoryWorkspace initial = Nd4j.getMemoryManager().getCurrentWorkspace();
        MemoryWorkspace previous = null;
        INDArray eps = epsilon;
        for (int i = layers.length - 1; i >= 0; i--) {
            LayerWorkspaceMgr m = mgrs[i % 2];
            MemoryWorkspace out = m.notifyScopeEntered(ArrayType.ACTIVATION_GRAD);
            out.setPreviousWorkspace(initial); // closed out of order, so each returns to where backward started
            try (MemoryWorkspace work = m.notifyScopeEntered(ArrayType.BP_WORKING_MEM)) {
                if (directDeconv[i]) {
                    eps = deconvolutionBackprop(layers[i], eps, m);
                } else {
                    Pair<Gradient, INDArray> p = layers[i].backpropGradient(eps, m);
                    eps = p.getSecond();
                }
            }
            if (previous != null) {
                previous.close(); // layer i consumed it
            }
            previous = out;
            if (layerDone != null) {
                layerDone.accept(i);
            }
        }
        holding = previous;
        return eps;
    }

    /** Bytes this network's workspaces hold now: activations, activation gradients, working memory. */
    long[] workspaceBytes() {
        var wm = Nd4j.getWorkspaceManager();
        long[] out = new long[3];
        String[][] groups = {{actWs}, gradWs, {workWs}};
        for (int i = 0; i < groups.length; i++) {
            for (String n : groups[i]) {
                out[i] += wm.checkIfWorkspaceExists(n) ? wm.getWorkspaceForCurrentThread(n).getCurrentSize() : 0;
            }
        }
        return out;
    }

    /**
     * A transposed convolution's backprop without DL4J's detour: Deconvolution2DLayer recomputes its whole forward
     * pass to apply the activation's derivative, which for an identity activation (every G block followed by
     * BatchNorm) is pure waste, a fifth of G's work per step. Same libnd4j op, same arguments, same outputs.
     */
    private INDArray deconvolutionBackprop(Layer layer, INDArray epsilon, LayerWorkspaceMgr m) {
        Deconvolution2D conf = (Deconvolution2D) layer.conf().getLayer();
        INDArray input = layer.input();
        INDArray weights = layer.getParam(DeconvolutionParamInitializer.WEIGHT_KEY); // [in, out, kH, kW]
        INDArray weightGrad = layer.getGradientsViewArray().reshape('c', weights.shape()); // no bias: W is all
        INDArray outEps = m.create(ArrayType.ACTIVATION_GRAD, weights.dataType(), input.shape(), 'c');
        int[] k = conf.getKernelSize();
        int[] st = conf.getStride();
        int[] pad = conf.getPadding();
        int[] dil = conf.getDilation();
        Nd4j.getExecutioner().exec(DynamicCustomOp.builder("deconv2d_bp")
                .addInputs(input, weights.permute(2, 3, 1, 0), epsilon)
                .addIntegerArguments(k[0], k[1], st[0], st[1], pad[0], pad[1], dil[0], dil[1], 0, 0) // Truncate, NCHW
                .addOutputs(outEps, weightGrad.permute(2, 3, 1, 0))
                .callInplace(false)
                .build());
        return outEps;
    }

    private static boolean isDirectDeconvolution(Layer layer) {
        if (!(layer.conf().getLayer() instanceof Deconvolution2D conf)) {
            return false;
        }
        return !conf.hasBias() && conf.getActivationFn() instanceof ActivationIdentity
                && conf.getConvolutionMode() == ConvolutionMode.Truncate
                && conf.getCnn2dDataFormat() == CNN2DFormat.NCHW;
    }

    /** One pass's workspaces; closing drops the layers' references into them. */
    final class Scope implements AutoCloseable {
        private final MemoryWorkspace act;

        private Scope(MemoryWorkspace act) {
            this.act = act;
        }

        @Override
        public void close() {
            net.clearLayersStates();
            if (holding != null) {
                holding.close();
                holding = null;
            }
            if (act != null) {
                act.close();
            }
        }
    }
}
