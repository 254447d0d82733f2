package org.jfsac.fsac.method;

import org.jfsac.core.optim.Adam;
import org.jfsac.core.optim.ParamGroup;
import org.jfsac.core.tensor.Tensor;

import java.util.List;

/**
 * Trains a head from features computed elsewhere (a feature cache, another process), one step at a time:
 * normal features and the features of their synthetic anomalies in, the loss out. The Adam state (moments
 * and step count) lives here and carries over from step to step, exactly as in the authors' train.py: Adam
 * with the config's learning rate for the image side (image adapter and descriptor) and the text adapter's
 * own, PyTorch defaults otherwise (β = 0.9, 0.999; ε = 1e-8; no weight decay). {@link Trainer} drives one
 * of these over epochs of images.
 *
 * <pre>{@code
 * HeadTrainer t = new HeadTrainer(head, prototypes, cfg);
 * for (...) double loss = t.step(normalFeats, synthFeats).total().item();
 * }</pre>
 * Not thread-safe; the head's parameters change in place.
 */
public final class HeadTrainer {
    private final FsacHead head;
    private final Tensor prototypes;
    private final FsacConfig cfg;
    private final Adam optimizer;

    /**
     * @param head       the head to train (put into training mode)
     * @param prototypes raw text prototypes [T+; T−] (2×C)
     * @param cfg        hyper-parameters: the learning rates, the loss and descriptor forms and weights
     */
    public HeadTrainer(FsacHead head, Tensor prototypes, FsacConfig cfg) {
        this.head = head;
        this.prototypes = prototypes;
        this.cfg = cfg.copy();
        this.optimizer = Adam.adam(List.of(new ParamGroup(head.imageSideParameters(), cfg.lrImage),
                new ParamGroup(head.textSideParameters(), cfg.lrText)));
        head.train(true);
    }

    /**
     * One Adam step on one batch. Row j of {@code normal} and row j of {@code anomalous} form a pair (a
     * normal image and its synthetic anomaly). The head runs on [normal; anomalous], so the descriptor's
     * text→image softmax spans the whole batch, as in training.
     *
     * <p>After the call the gradients of this step stay on the head's parameters ({@code Tensor.grad()})
     * until the next step.
     *
     * @param normal    raw image features of b normal images [b, C]
     * @param anomalous raw image features of their b synthetic anomalies [b, C]
     * @return the loss and its parts, computed with the weights before this step
     */
    public FsacLoss.Parts step(Tensor normal, Tensor anomalous) {
        if (normal.dim() != 2 || !java.util.Arrays.equals(normal.shape(), anomalous.shape()))
            throw new IllegalArgumentException("a training step needs normal and anomalous features of the same shape [b, C], got "
                    + java.util.Arrays.toString(normal.shape()) + " and " + java.util.Arrays.toString(anomalous.shape()));
        FsacHead.Output out = head.forward(Tensor.concat(0, normal, anomalous), prototypes, cfg);
        FsacLoss.Parts parts = FsacLoss.compute(out, normal.size(0), cfg);
        optimizer.zeroGrad();
        parts.total().backward();
        optimizer.step();
        return parts;
    }

    /** The head being trained. */
    public FsacHead head() { return head; }
}
