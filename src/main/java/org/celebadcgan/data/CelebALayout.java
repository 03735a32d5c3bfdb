package org.celebadcgan.data;

import java.util.List;

/** File names and conventions of CelebA as published (shared/REFERENCE.md, "CelebA as published"). */
public final class CelebALayout {

    /** Folder of aligned, cropped 178 x 218 JPEGs. */
    public static final String IMAGES_DIR = "img_align_celeba";
    /** The same images as one zip (entries under img_align_celeba/). */
    public static final String IMAGES_ZIP = "img_align_celeba.zip";
    /** Lines "000001.jpg 0": 0 train, 1 valid, 2 test. */
    public static final String PARTITION_FILE = "list_eval_partition.txt";
    /** Count, the 40 attribute names, then "000001.jpg" and 40 values of 1 or -1 per line. */
    public static final String ATTR_FILE = "list_attr_celeba.txt";
    /** Image width and height of the aligned crop. */
    public static final int WIDTH = 178;
    public static final int HEIGHT = 218;

    /** The 40 attributes, in the file's order. */
    public static final List<String> ATTRIBUTES = List.of("5_o_Clock_Shadow", "Arched_Eyebrows", "Attractive",
            "Bags_Under_Eyes", "Bald", "Bangs", "Big_Lips", "Big_Nose", "Black_Hair", "Blond_Hair", "Blurry",
            "Brown_Hair", "Bushy_Eyebrows", "Chubby", "Double_Chin", "Eyeglasses", "Goatee", "Gray_Hair",
            "Heavy_Makeup", "High_Cheekbones", "Male", "Mouth_Slightly_Open", "Mustache", "Narrow_Eyes", "No_Beard",
            "Oval_Face", "Pale_Skin", "Pointy_Nose", "Receding_Hairline", "Rosy_Cheeks", "Sideburns", "Smiling",
            "Straight_Hair", "Wavy_Hair", "Wearing_Earrings", "Wearing_Hat", "Wearing_Lipstick", "Wearing_Necklace",
            "Wearing_Necktie", "Young");

    private CelebALayout() {
    }

    /**
     * Names no one means as data, left out of every listing as Spark's file index leaves them out (hidden files,
     * {@code _SUCCESS} and other markers). Spark also skips {@code *._COPYING_} uploads; those the driver lists, so
     * they are counted as not read rather than lost without a word.
     */
    public static boolean isHidden(String name) {
        return name.startsWith(".") || name.startsWith("_");
    }

    /** CelebA's file name of image {@code oneBased} (000001.jpg ...). */
    public static String imageName(long oneBased) {
        return String.format("%06d.jpg", oneBased);
    }

    /** Which split CelebA's partition file codes use. */
    public enum Split {
        TRAIN(0), VALID(1), TEST(2), ALL(-1);

        private final int code;

        Split(int code) {
            this.code = code;
        }

        /** The code in list_eval_partition.txt (-1 for all). */
        public int code() {
            return code;
        }

        /** Parses train, valid, test or all. */
        public static Split parse(String s) {
            for (Split v : values()) {
                if (v.name().equalsIgnoreCase(s.trim())) {
                    return v;
                }
            }
            throw new IllegalArgumentException("unknown split '" + s + "' (expected train, valid, test or all)");
        }
    }
}
