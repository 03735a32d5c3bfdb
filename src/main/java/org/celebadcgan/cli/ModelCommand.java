package org.celebadcgan.cli;

import org.celebadcgan.model.Architecture;
import org.celebadcgan.model.GanPair;
import org.celebadcgan.model.LayerTable;
import org.celebadcgan.model.ModelSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code model}: prints the layer tables of G and D with output shapes and parameter counts. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Prints the layer table of G and D and their trainable parameter counts.")
final class ModelCommand implements Runnable {

    @Option(names = "--arch", defaultValue = "seed", description = "seed or paper (default: ${DEFAULT-VALUE})")
    String arch;
    @Option(names = "--z-dim", defaultValue = "100", description = "noise size (default: ${DEFAULT-VALUE})")
    int zDim;
    @Option(names = "--g-width", description = "generator width (default: the architecture's)")
    Integer gWidth;
    @Option(names = "--d-width", description = "discriminator width (default: the architecture's)")
    Integer dWidth;

    @Override
    public void run() {
        ModelSpec spec = ModelOptions.spec(arch, zDim, gWidth, dWidth);
        GanPair pair = GanPair.create(spec, 0);
        System.out.printf("Generator (%s, z=%d, width %d), input %dx1x1%n", spec.arch().id(), spec.zDim(),
                spec.gWidth(), spec.zDim());
        System.out.print(LayerTable.render("G", spec.generatorBlocks(), true, 1, pair.generator()));
        System.out.printf("%nDiscriminator (%s, width %d), input 3x64x64%n", spec.arch().id(), spec.dWidth());
        System.out.print(LayerTable.render("D", spec.discriminatorBlocks(), false, ModelSpec.IMAGE_SIZE,
                pair.discriminator()));
    }
}
