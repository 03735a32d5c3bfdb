package org.celebadcgan.attributes;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.celebadcgan.data.CelebAInput;
import org.celebadcgan.data.CelebALayout;
import org.celebadcgan.data.DecodeResult;
import org.celebadcgan.data.ImagePreprocessor;
import org.celebadcgan.data.PackedImages;
import org.celebadcgan.data.PreparedSet;
import org.celebadcgan.data.SyntheticFaces;
import org.celebadcgan.io.ZipArchive;
import org.celebadcgan.model.ModelSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Preprocessed 64 x 64 images with attribute labels, read on the driver: a classifier needs a few thousand, not a
 * Spark job. The images come from a prepared set (its Parquet rows) or from raw CelebA (folder or zip, decoded as
 * {@code prepare} decodes), the labels from {@code list_attr_celeba.txt}, joined by file name.
 *
 * @param names  image file names
 * @param images the pixels, CHW bytes
 * @param labels one flag per attribute per image
 */
public record LabeledImages(List<String> names, PackedImages images, List<boolean[]> labels) {

    /**
     * Where labelled images come from: the images {@code data} names and the attribute file that labels them.
     * {@link #locate} checks both exist before anything is read.
     *
     * @param fs     the images' file system
     * @param input  what {@code data} names
     * @param labels list_attr_celeba.txt
     */
    public record Source(FileSystem fs, CelebAInput input, Path labels) {

        /** Up to {@code max} labelled images: the first rows of a prepared set, or the first the file lists. */
        public LabeledImages read(List<String> attributes, int max) throws IOException {
            AttributeLabels l = AttributeLabels.read(labels.getFileSystem(fs.getConf()), labels, attributes);
            LabeledImages out = input.kind() == CelebAInput.Kind.PREPARED ? fromPrepared(fs, input.images(), l, max)
                    : fromRaw(fs, input, l, max);
            if (out.names.isEmpty()) {
                throw new IllegalArgumentException("--data " + input.images() + ": no image is listed in " + labels);
            }
            return out;
        }
    }

    /**
     * Finds the images of {@code data} and their labels: {@code labelsFile} when given, else the attribute file
     * beside the images (for a prepared set: beside the images it was prepared from, named in its manifest).
     */
    public static Source locate(URI data, URI labelsFile, Configuration conf) throws IOException {
        FileSystem fs = FileSystem.get(data, conf);
        CelebAInput input;
        try {
            input = CelebAInput.resolve(data, fs);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--data " + e.getMessage(), e);
        }
        Path labelsPath = labelsFile != null ? new Path(labelsFile) : defaultLabels(input, fs, conf);
        if (!labelsPath.getFileSystem(conf).isFile(labelsPath)) {
            throw new IllegalArgumentException(labelsFile != null ? "--attributes " + labelsPath + " does not exist"
                    : "--data " + data + ": " + labelsPath + " does not exist; name the file with --attributes");
        }
        return new Source(fs, input, labelsPath);
    }

    /** {@link #locate} then {@link Source#read}. */
    public static LabeledImages load(URI data, URI labelsFile, List<String> attributes, int max, Configuration conf)
            throws IOException {
        return locate(data, labelsFile, conf).read(attributes, max);
    }

    /** Labelled images built in memory (tests, generated faces). */
    public static LabeledImages of(List<String> names, List<byte[]> pixels, List<boolean[]> labels) {
        return new LabeledImages(List.copyOf(names), new PackedImages(pixels), List.copyOf(labels));
    }

    /**
     * {@code n} generated faces ({@link SyntheticFaces}, drawn at 64 x 78 and centre-cropped as
     * {@link PackedImages#generatedFaces} draws them) labelled with what was drawn: data for tests and demos.
     */
    public static LabeledImages generated(int n, long seed, List<String> attributes) {
        SyntheticFaces faces = new SyntheticFaces(seed);
        List<String> names = new ArrayList<>();
        List<byte[]> pixels = new ArrayList<>();
        List<boolean[]> flags = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SyntheticFaces.Face face = faces.render(i, ModelSpec.IMAGE_SIZE, 78);
            boolean[] f = new boolean[attributes.size()];
            for (int a = 0; a < f.length; a++) {
                f[a] = face.attributes().contains(attributes.get(a));
            }
            names.add(CelebALayout.imageName(i + 1));
            pixels.add(PackedImages.pack(face.image().getSubimage(0, 7, ModelSpec.IMAGE_SIZE, ModelSpec.IMAGE_SIZE)));
            flags.add(f);
        }
        return of(names, pixels, flags);
    }

    public int count() {
        return names.size();
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive) as [n, 3, 64, 64] floats in [-1, 1]. */
    public INDArray features(int from, int to) {
        return features(IntStream.range(from, to).toArray());
    }

    /** The images at {@code indices} as [n, 3, 64, 64] floats in [-1, 1]. */
    public INDArray features(int[] indices) {
        float[] values = new float[indices.length * PackedImages.IMAGE_BYTES];
        for (int k = 0; k < indices.length; k++) {
            images.copyScaled(indices[k], values, k * PackedImages.IMAGE_BYTES);
        }
        return Nd4j.createFromArray(values).reshape(indices.length, ModelSpec.CHANNELS, ModelSpec.IMAGE_SIZE,
                ModelSpec.IMAGE_SIZE);
    }

    /** The labels at {@code indices} as [n, attributes] of 0 and 1. */
    public INDArray targets(int[] indices) {
        int k = labels.get(0).length;
        INDArray out = Nd4j.create(DataType.FLOAT, indices.length, k);
        for (int i = 0; i < indices.length; i++) {
            for (int a = 0; a < k; a++) {
                out.putScalar(i, a, labels.get(indices[i])[a] ? 1 : 0);
            }
        }
        return out;
    }

    private static Path defaultLabels(CelebAInput input, FileSystem fs, Configuration conf) throws IOException {
        if (input.kind() != CelebAInput.Kind.PREPARED) {
            return AttributeLabels.beside(input.images().getParent());
        }
        String source = PreparedSet.manifest(fs, input.images()).path("source").asText("");
        Path sourcePath = new Path(source);
        FileSystem sourceFs = sourcePath.getFileSystem(conf);
        if (source.isEmpty() || !sourceFs.exists(sourcePath)) {
            throw new IllegalArgumentException("--data " + input.images() + " is a prepared set whose source '"
                    + source + "' is gone; name its list_attr_celeba.txt with --attributes");
        }
        CelebAInput raw = CelebAInput.resolve(sourcePath.toUri(), sourceFs);
        return AttributeLabels.beside(raw.images().getParent());
    }

    private static LabeledImages fromPrepared(FileSystem fs, Path root, AttributeLabels labels, int max)
            throws IOException {
        Builder b = new Builder(max);
        for (FileStatus f : fs.listStatus(new Path(root, PreparedSet.DATA_DIR))) {
            if (!f.isFile() || !f.getPath().getName().endsWith(".parquet")) {
                continue;
            }
            try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), f.getPath())
                    .withConf(fs.getConf()).build()) {
                Group row;
                while (!b.full() && (row = r.read()) != null) {
                    String name = row.getString("name", 0);
                    b.add(name, row.getBinary("pixels", 0).getBytes(), labels.of(name));
                }
            }
            if (b.full()) {
                break;
            }
        }
        return b.build();
    }

    private static LabeledImages fromRaw(FileSystem fs, CelebAInput input, AttributeLabels labels, int max)
            throws IOException {
        Builder b = new Builder(max);
        ImagePreprocessor pre = new ImagePreprocessor();
        if (input.kind() == CelebAInput.Kind.ZIP) {
            try (ZipArchive zip = new ZipArchive(fs, input.images())) {
                Map<String, String> entries = new HashMap<>();
                for (String entry : zip.fileNames()) {
                    entries.put(entry.substring(entry.lastIndexOf('/') + 1), entry);
                }
                for (String name : labels.names()) {
                    if (b.full()) {
                        break;
                    }
                    if (entries.containsKey(name)) {
                        b.add(pre.process(name, zip.read(entries.get(name))), labels.of(name));
                    }
                }
            }
            return b.build();
        }
        for (String name : labels.names()) {
            if (b.full()) {
                break;
            }
            Path file = new Path(input.images(), name);
            if (fs.isFile(file)) {
                try (var in = fs.open(file)) {
                    b.add(pre.process(name, in.readAllBytes()), labels.of(name));
                }
            }
        }
        return b.build();
    }

    /** Collects images that have labels and decoded; undecodable or unlabelled ones are left out. */
    private static final class Builder {
        private final int max;
        private final List<String> names = new ArrayList<>();
        private final List<byte[]> pixels = new ArrayList<>();
        private final List<boolean[]> flags = new ArrayList<>();

        Builder(int max) {
            this.max = max;
        }

        boolean full() {
            return names.size() >= max;
        }

        void add(DecodeResult decoded, boolean[] labels) {
            if (decoded.isOk()) {
                add(decoded.name(), decoded.pixels(), labels);
            }
        }

        void add(String name, byte[] image, boolean[] labels) {
            if (labels != null && !full()) {
                names.add(name);
                pixels.add(image);
                flags.add(labels);
            }
        }

        LabeledImages build() {
            return LabeledImages.of(names, pixels, flags);
        }
    }
}
