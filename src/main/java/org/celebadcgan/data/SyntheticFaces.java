package org.celebadcgan.data;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Procedurally drawn face-like pictures: a stand-in for CelebA, which cannot be downloaded here. Faces vary in skin
 * tone, face shape, hair colour and length, eyes, brows, mouth (smiling or not), glasses and background, so a DCGAN
 * has real structure to learn, and {@link #render} reports the CelebA attributes that are true of each picture.
 * Three attributes are drawn so that they stay visible after the 64 x 64 preprocessing, for the attribute classifier
 * behind {@code arithmetic}: Smiling (an open mouth showing teeth; otherwise closed lips), Male (a square jaw and
 * short hair; women have a round chin and mostly long hair) and Eyeglasses (thick dark rims).
 * Deterministic: picture {@code i} of seed {@code s} is always the same.
 */
public final class SyntheticFaces {

    private static final Color[] SKIN = {new Color(255, 224, 189), new Color(241, 194, 125),
            new Color(224, 172, 105), new Color(198, 134, 66), new Color(141, 85, 36), new Color(92, 58, 30)};
    private static final Color[] HAIR = {new Color(20, 17, 15), new Color(60, 40, 25), new Color(120, 80, 40),
            new Color(230, 200, 120), new Color(170, 60, 30), new Color(150, 150, 150)};

    private final long seed;

    public SyntheticFaces(long seed) {
        this.seed = seed;
    }

    /** A drawn face and the CelebA attributes that are true of it (names as in list_attr_celeba.txt). */
    public record Face(BufferedImage image, Set<String> attributes) {
    }

    /** Draws picture {@code index} at {@code width} x {@code height} (CelebA's aligned crop is 178 x 218). */
    public BufferedImage draw(long index, int width, int height) {
        return render(index, width, height).image();
    }

    /** Draws picture {@code index} and reports what was drawn as CelebA attributes. */
    public Face render(long index, int width, int height) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        Set<String> attrs = new TreeSet<>();
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.scale(width / 178.0, height / 218.0); // draw in CelebA's coordinates

        Color bg = Color.getHSBColor((float) r.nextDouble(), 0.15f + 0.4f * (float) r.nextDouble(),
                0.35f + 0.6f * (float) r.nextDouble());
        g.setPaint(bg);
        g.fillRect(0, 0, 178, 218);

        boolean male = r.nextDouble() < 0.45;
        int skinIndex = r.nextInt(SKIN.length);
        Color skin = jitter(SKIN[skinIndex], r, 12);
        int hairIndex = r.nextInt(HAIR.length);
        Color hair = jitter(HAIR[hairIndex], r, 10);
        double faceW = 88 + 20 * r.nextDouble();
        double faceH = 112 + 22 * r.nextDouble();
        double cx = 89 + 6 * (r.nextDouble() - 0.5);
        double cy = 118 + 6 * (r.nextDouble() - 0.5);
        boolean longHair = !male && r.nextDouble() < 0.85;
        boolean fringe = r.nextDouble() < 0.6;
        boolean bushyBrows = r.nextDouble() < (male ? 0.5 : 0.1);
        if (male) {
            attrs.add("Male");
        }
        attrs.add(switch (hairIndex) {
            case 0, 1 -> "Black_Hair";
            case 2 -> "Brown_Hair";
            case 3 -> "Blond_Hair";
            case 5 -> "Gray_Hair";
            default -> "Red_Hair"; // not a CelebA attribute: red hair sets none of the four colours
        });
        if (skinIndex == 0) {
            attrs.add("Pale_Skin");
        }
        if (faceH / faceW > 1.3) {
            attrs.add("Oval_Face");
        }
        attrs.add(longHair ? "Wavy_Hair" : "Straight_Hair");

        g.setPaint(hair); // hair behind the face; long hair falls to the shoulders
        double hairH = longHair ? faceH * 1.35 : faceH * 0.75;
        g.fill(new Ellipse2D.Double(cx - faceW * 0.62, cy - faceH * 0.62, faceW * 1.24, hairH));
        g.setPaint(jitter(skin, r, 6)); // neck and shoulders
        g.fillRect((int) (cx - faceW * 0.2), (int) (cy + faceH * 0.35), (int) (faceW * 0.4), 60);
        g.setPaint(jitter(bg.darker(), r, 20));
        g.fill(new Ellipse2D.Double(cx - 90, cy + faceH * 0.55, 180, 120));
        g.setPaint(skin);
        g.fill(new Ellipse2D.Double(cx - faceW / 2, cy - faceH / 2, faceW, faceH));
        if (male) { // a square jaw over the lower half of the oval
            g.fill(new RoundRectangle2D.Double(cx - faceW * 0.5, cy, faceW, faceH * 0.52, faceW * 0.2,
                    faceH * 0.12));
        }
        g.setPaint(hair); // hairline, or a fringe over the forehead
        g.fill(new Arc2D.Double(cx - faceW * 0.55, cy - faceH * 0.62, faceW * 1.1, faceH * (fringe ? 0.5 : 0.3), 0,
                180, Arc2D.CHORD));
        if (fringe) {
            attrs.add("Bangs");
        }
        if (bushyBrows) {
            attrs.add("Bushy_Eyebrows");
        }

        double eyeY = cy - faceH * 0.05;
        double eyeDx = faceW * (0.2 + 0.04 * r.nextDouble());
        double eyeW = 13 + 5 * r.nextDouble();
        Color iris = Color.getHSBColor((float) r.nextDouble(), 0.5f, 0.35f + 0.3f * (float) r.nextDouble());
        for (int side = -1; side <= 1; side += 2) {
            double ex = cx + side * eyeDx;
            g.setPaint(Color.WHITE);
            g.fill(new Ellipse2D.Double(ex - eyeW / 2, eyeY - eyeW / 4, eyeW, eyeW / 2));
            g.setPaint(iris);
            g.fill(new Ellipse2D.Double(ex - eyeW / 5, eyeY - eyeW / 5, eyeW / 2.5, eyeW / 2.5));
            g.setPaint(hair.darker());
            g.setStroke(new BasicStroke((float) (bushyBrows ? 5 : 2 + r.nextDouble())));
            double tilt = 3 * (r.nextDouble() - 0.5);
            g.drawLine((int) (ex - eyeW / 2), (int) (eyeY - 9 + side * tilt), (int) (ex + eyeW / 2),
                    (int) (eyeY - 10 - side * tilt));
        }
        if (r.nextDouble() < 0.25) { // glasses
            attrs.add("Eyeglasses");
            g.setPaint(new Color(15, 15, 15));
            g.setStroke(new BasicStroke(4.5f));
            for (int side = -1; side <= 1; side += 2) {
                double ex = cx + side * eyeDx;
                g.draw(new Ellipse2D.Double(ex - eyeW * 0.8, eyeY - eyeW * 0.55, eyeW * 1.6, eyeW * 1.1));
            }
            g.drawLine((int) (cx - eyeDx + eyeW * 0.8), (int) eyeY, (int) (cx + eyeDx - eyeW * 0.8), (int) eyeY);
        }
        g.setPaint(skin.darker()); // nose
        g.setStroke(new BasicStroke(2f));
        g.drawLine((int) cx, (int) (eyeY + 6), (int) (cx - 3), (int) (cy + faceH * 0.17));

        if (male && r.nextDouble() < 0.45) { // beard, under the mouth so a smile shows through it
            attrs.add("Goatee");
            g.setPaint(new Color(hair.getRed(), hair.getGreen(), hair.getBlue(), 200));
            g.fill(new Arc2D.Double(cx - faceW / 2, cy - faceH * 0.1, faceW, faceH * 0.6, 200, 140, Arc2D.CHORD));
        }

        double mouthY = cy + faceH * 0.27;
        double mouthW = faceW * (0.28 + 0.1 * r.nextDouble());
        boolean lipstick = !male && r.nextDouble() < 0.5;
        g.setPaint(lipstick ? new Color(200 + r.nextInt(40), 20 + r.nextInt(30), 40 + r.nextInt(30))
                : new Color(150 + r.nextInt(40), 70 + r.nextInt(30), 70 + r.nextInt(30)));
        if (lipstick) {
            attrs.add("Wearing_Lipstick");
        }
        g.setStroke(new BasicStroke(3f));
        if (r.nextDouble() < 0.5) { // smiling: a wide open mouth, dark inside, a band of teeth on top
            attrs.add("Smiling");
            double w = mouthW * 1.4;
            g.fill(new Arc2D.Double(cx - w / 2, mouthY - 16, w, 34, 180, 180, Arc2D.CHORD));
            g.setPaint(new Color(70, 15, 20));
            g.fill(new Arc2D.Double(cx - w / 2 + 4, mouthY - 12, w - 8, 26, 180, 180, Arc2D.CHORD));
            g.setPaint(new Color(245, 245, 240));
            g.fill(new Rectangle2D.Double(cx - w * 0.38, mouthY + 1, w * 0.76, 6));
        } else {
            g.drawLine((int) (cx - mouthW / 2), (int) mouthY, (int) (cx + mouthW / 2), (int) mouthY);
        }
        if (!attrs.contains("Goatee")) {
            attrs.add("No_Beard");
        }
        attrs.remove("Red_Hair");
        g.dispose();
        return new Face(img, attrs);
    }

    private static Color jitter(Color c, SplittableRandom r, int amount) {
        return new Color(clamp(c.getRed() + r.nextInt(-amount, amount + 1)),
                clamp(c.getGreen() + r.nextInt(-amount, amount + 1)),
                clamp(c.getBlue() + r.nextInt(-amount, amount + 1)));
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
