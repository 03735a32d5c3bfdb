package org.celebadcgan.attributes;

import java.util.List;
import java.util.Map;

/**
 * One of the DCGAN paper's vector-arithmetic figures: {@code first - second + third} should give {@code target}.
 */
public enum Recipe {
    /** Figure 7, left: smiling woman - neutral woman + neutral man = smiling man. */
    SMILE(new Concept("smiling woman", Map.of("Smiling", true, "Male", false)),
            new Concept("neutral woman", Map.of("Smiling", false, "Male", false)),
            new Concept("neutral man", Map.of("Smiling", false, "Male", true)),
            new Concept("smiling man", Map.of("Smiling", true, "Male", true))),
    /** Figure 7, right: man with glasses - man without glasses + woman without glasses = woman with glasses. */
    GLASSES(new Concept("man with glasses", Map.of("Eyeglasses", true, "Male", true)),
            new Concept("man without glasses", Map.of("Eyeglasses", false, "Male", true)),
            new Concept("woman without glasses", Map.of("Eyeglasses", false, "Male", false)),
            new Concept("woman with glasses", Map.of("Eyeglasses", true, "Male", false)));

    /** The attributes the recipes use, which the classifier predicts (in this order). */
    public static final List<String> ATTRIBUTES = List.of("Smiling", "Male", "Eyeglasses");

    private final Concept first;
    private final Concept second;
    private final Concept third;
    private final Concept target;

    Recipe(Concept first, Concept second, Concept third, Concept target) {
        this.first = first;
        this.second = second;
        this.third = third;
        this.target = target;
    }

    /** The three operands, in the order they are combined: first - second + third. */
    public List<Concept> operands() {
        return List.of(first, second, third);
    }

    public Concept target() {
        return target;
    }

    /** "smiling woman - neutral woman + neutral man". */
    public String formula() {
        return first.name() + " - " + second.name() + " + " + third.name();
    }

    /** Parses smile or glasses (the {@code --recipe} values). */
    public static Recipe parse(String s) {
        for (Recipe r : values()) {
            if (r.name().equalsIgnoreCase(s.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("--recipe '" + s + "' is not one of smile, glasses");
    }
}
