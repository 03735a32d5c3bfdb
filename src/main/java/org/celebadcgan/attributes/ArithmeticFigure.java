package org.celebadcgan.attributes;

import org.celebadcgan.io.SampleGrid;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The arithmetic as one labelled PNG, laid out like the paper's Figure 7: a row per operand (its three exemplars,
 * then the face of their mean), then two rows of the result (the vector's face first, then its noisy copies), faces
 * shown at twice their size with the concept named on the left.
 */
public final class ArithmeticFigure {

    private static final int SCALE = 2;
    private static final int LABEL_WIDTH = 190;
    private static final int HEADER = 22;
    private static final int COLS = VectorArithmetic.PER_CONCEPT + 1;

    private ArithmeticFigure() {
    }

    /** Draws {@code outcome}. */
    public static BufferedImage render(VectorArithmetic.Outcome outcome) {
        int rows = 3 + VectorArithmetic.RESULT_FACES / COLS;
        BufferedImage tiles = SampleGrid.render(outcome.images(), rows, COLS);
        int rowHeight = tiles.getHeight() * SCALE / rows;
        BufferedImage out = new BufferedImage(LABEL_WIDTH + tiles.getWidth() * SCALE,
                HEADER + tiles.getHeight() * SCALE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(tiles, LABEL_WIDTH, HEADER, tiles.getWidth() * SCALE, tiles.getHeight() * SCALE, null);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int cell = tiles.getWidth() * SCALE / COLS;
        g.drawString("top " + VectorArithmetic.PER_CONCEPT + " by the classifier", LABEL_WIDTH + 6, 15);
        g.drawString("mean", LABEL_WIDTH + (COLS - 1) * cell + 6, 15);
        List<VectorArithmetic.Choice> choices = outcome.choices();
        String[] signs = {"", "- ", "+ "};
        for (int c = 0; c < choices.size(); c++) {
            g.drawString(signs[c] + choices.get(c).concept().name(), 8, HEADER + c * rowHeight + rowHeight / 2);
        }
        int r = choices.size();
        g.drawString("= " + outcome.recipe().target().name() + "?", 8, HEADER + r * rowHeight + rowHeight / 2);
        g.drawString(String.format("%.0f%% of these are one", 100 * outcome.resultTargetRate()), 8,
                HEADER + r * rowHeight + rowHeight / 2 + 18);
        g.drawString(String.format("(%.0f%% of all samples)", 100 * outcome.poolTargetRate()), 8,
                HEADER + r * rowHeight + rowHeight / 2 + 36);
        g.dispose();
        return out;
    }

    /** Writes the figure as PNG. */
    public static void write(VectorArithmetic.Outcome outcome, OutputStream out) throws IOException {
        if (!ImageIO.write(render(outcome), "png", out)) {
            throw new IOException("no PNG writer available");
        }
    }
}
