package org.celebadcgan.attributes;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.celebadcgan.data.CelebALayout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chosen columns of CelebA's {@code list_attr_celeba.txt}: image name -> one flag per attribute, in file order. The
 * file is a count line, a line of the 40 names, then "000001.jpg" and 40 values of 1 or -1 per line.
 */
public final class AttributeLabels {

    private final List<String> attributes;
    private final Map<String, boolean[]> byName;

    private AttributeLabels(List<String> attributes, Map<String, boolean[]> byName) {
        this.attributes = List.copyOf(attributes);
        this.byName = byName;
    }

    /** Reads {@code attributes} from {@code file}; a malformed line or an unknown name is an error naming the file. */
    public static AttributeLabels read(FileSystem fs, Path file, List<String> attributes) throws IOException {
        Map<String, boolean[]> out = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.US_ASCII))) {
            String countLine = r.readLine();
            String header = r.readLine();
            if (countLine == null || header == null) {
                throw new IllegalArgumentException(file + ": expected a count line and a line of attribute names");
            }
            List<String> names = Arrays.asList(header.trim().split("\\s+"));
            int[] columns = new int[attributes.size()];
            for (int a = 0; a < columns.length; a++) {
                columns[a] = names.indexOf(attributes.get(a));
                if (columns[a] < 0) {
                    throw new IllegalArgumentException(file + " has no attribute " + attributes.get(a));
                }
            }
            String line;
            int n = 2;
            while ((line = r.readLine()) != null) {
                n++;
                line = line.trim();
                if (line.isEmpty()) {
                    continue;
                }
                String[] parts = line.split("\\s+");
                if (parts.length != names.size() + 1) {
                    throw new IllegalArgumentException(file + " line " + n + ": expected a name and " + names.size()
                            + " values, got " + (parts.length - 1) + " values");
                }
                boolean[] flags = new boolean[columns.length];
                for (int a = 0; a < columns.length; a++) {
                    String v = parts[columns[a] + 1];
                    if (!v.equals("1") && !v.equals("-1")) {
                        throw new IllegalArgumentException(file + " line " + n + ": " + attributes.get(a) + " is '"
                                + v + "', expected 1 or -1");
                    }
                    flags[a] = v.equals("1");
                }
                out.put(parts[0], flags);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + " lists no images");
        }
        return new AttributeLabels(attributes, out);
    }

    /** The attribute file CelebA keeps beside its images: {@code dir}/list_attr_celeba.txt. */
    public static Path beside(Path dir) {
        return new Path(dir, CelebALayout.ATTR_FILE);
    }

    public List<String> attributes() {
        return attributes;
    }

    /** Image names in file order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The flags of image {@code name} (in {@link #attributes()} order), or null when the file does not list it. */
    public boolean[] of(String name) {
        return byName.get(name);
    }
}
