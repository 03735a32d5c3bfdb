package org.celebadcgan.model;

/**
 * One block of a DCGAN network: a (transposed) convolution, optionally followed by BatchNorm, then an activation.
 *
 * @param in         input channels
 * @param out        output channels
 * @param kernel     square kernel size
 * @param stride     stride
 * @param padding    zero padding on each side
 * @param bias       whether the convolution has a bias
 * @param batchNorm  whether BatchNorm follows the convolution
 * @param activation what follows the convolution (and BatchNorm)
 */
public record ConvBlock(int in, int out, int kernel, int stride, int padding, boolean bias, boolean batchNorm,
                        BlockActivation activation) {

    /** Spatial output size of this block for a square input of {@code size}, PyTorch's formula. */
    public int outputSize(int size, boolean transposed) {
        return transposed ? (size - 1) * stride - 2 * padding + kernel : (size + 2 * padding - kernel) / stride + 1;
    }

    /** Trainable parameters as PyTorch counts them (BatchNorm gamma and beta; running statistics excluded). */
    public long trainableParams() {
        long w = (long) in * out * kernel * kernel;
        return w + (bias ? out : 0) + (batchNorm ? 2L * out : 0);
    }
}
