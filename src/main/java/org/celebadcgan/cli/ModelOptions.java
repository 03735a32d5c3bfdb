package org.celebadcgan.cli;

import org.celebadcgan.model.Architecture;
import org.celebadcgan.model.ModelSpec;

/** Builds a {@link ModelSpec} from command-line options, widths defaulting to the architecture's. */
final class ModelOptions {

    private ModelOptions() {
    }

    static ModelSpec spec(String arch, int zDim, Integer gWidth, Integer dWidth) {
        Architecture a = Architecture.parse(arch);
        return new ModelSpec(a, zDim, gWidth == null ? a.defaultGWidth() : gWidth,
                dWidth == null ? a.defaultDWidth() : dWidth);
    }
}
