package org.celebadcgan.train;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Train-mode forward and backward passes of one loss-less network, layer by layer, in workspaces of its own.
 * <p>
 * Why not {@code MultiLayerNetwork.feedForward} + {@code backpropGradient}: those return activations allocated
 * outside any workspace, so every step leaves hundreds of MB of off-heap garbage that only a GC frees (peak RSS
 * 4-5 GB at batch 128, docs/performance.md). And MultiLayerNetwork's own workspaces have fixed names, so G's
 * activations and D's would share one workspace while the G step needs both alive. Here each network owns
 * uniquely named workspaces, sized on the first step and reused after: activations (open from forward to the end of
 * backward), activation gradients, and per-layer working memory.
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
    private final String gradWs;
    private final LayerWorkspaceMgr mgr;

    NetworkPass(MultiLayerNetwork net, String name) {
        this.net = net;
        this.layers = net.getLayers();
        for (int i = 0; i < layers.length; i++) {
            if (net.getLayerWiseConfigurations().getInputPreProcess(i) != null) {
                throw new IllegalArgumentException(name + " layer " + i + " has an input preprocessor: unsupported");
            }
        }
        String id = name + "-" + IDS.incrementAndGet();
        this.actWs = "GAN_ACT_" + id;
        this.gradWs = "GAN_GRAD_" + id;
        String workWs = "GAN_WORK_" + id;
        this.mgr = LayerWorkspaceMgr.builder()
                .with(ArrayType.INPUT, actWs, CONFIG)
                .with(ArrayType.ACTIVATIONS, actWs, CONFIG)
                .with(ArrayType.ACTIVATION_GRAD, gradWs, CONFIG)
                .with(ArrayType.FF_WORKING_MEM, workWs, CONFIG)
                .with(ArrayType.BP_WORKING_MEM, workWs, CONFIG)
                .with(ArrayType.RNN_FF_LOOP_WORKING_MEM, workWs, CONFIG)
                .with(ArrayType.RNN_BP_LOOP_WORKING_MEM, workWs, CONFIG)
                .build();
        mgr.setHelperWorkspacePointers(new HashMap<>());
        net.initGradientsView();
    }

    /** Opens the activation and gradient workspaces for one forward + backward. */
    Scope open() {
        return new Scope(Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, actWs),
                Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, gradWs));
    }

    /** Train-mode forward pass (batch statistics in BatchNorm); layers keep their inputs for {@link #backward}. */
    INDArray forward(INDArray input) {
        // An input living in another network's workspace is used in place, not copied into ours.
        if (input.isAttached()) {
            mgr.setNoLeverageOverride(input.data().getParentWorkspace().getId());
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
        INDArray eps = epsilon;
        for (int i = layers.length - 1; i >= 0; i--) {
            try (MemoryWorkspace work = mgr.notifyScopeEntered(ArrayType.BP_WORKING_MEM)) {
                Pair<Gradient, INDArray> p = layers[i].backpropGradient(eps, mgr);
                eps = p.getSecond();
            }
        }
        return eps;
    }

    /** Both workspaces of one pass; closing drops the layers' references into them. */
    final class Scope implements AutoCloseable {
        private final MemoryWorkspace act;
        private final MemoryWorkspace grad;

        private Scope(MemoryWorkspace act, MemoryWorkspace grad) {
            this.act = act;
            this.grad = grad;
        }

        @Override
        public void close() {
            net.clearLayersStates();
            grad.close();
            act.close();
        }
    }
}
