package org.celebadcgan.attributes;

import java.util.List;
import java.util.Map;

/**
 * A kind of face described by attributes it has or lacks ("smiling woman": Smiling, not Male). Its score for a face
 * is the classifier's probability that all of them hold, taking the attributes as independent.
 *
 * @param name  what the paper's figures call it
 * @param wants attribute -> whether the face must show it (true) or must not (false)
 */
public record Concept(String name, Map<String, Boolean> wants) {

    /** The score of one face from its probabilities, given in {@code attributes} order. */
    public double score(List<String> attributes, double[] probabilities) {
        double s = 1;
        for (Map.Entry<String, Boolean> w : wants.entrySet()) {
            int a = attributes.indexOf(w.getKey());
            if (a < 0) {
                throw new IllegalArgumentException("concept " + name + " needs attribute " + w.getKey()
                        + ", which the classifier does not predict");
            }
            s *= w.getValue() ? probabilities[a] : 1 - probabilities[a];
        }
        return s;
    }
}
