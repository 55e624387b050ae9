package org.mbrl4j.tensor.autodiff;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads the reference tensors recorded from PyTorch by {@code benchmarks/python/tape_reference.py}
 * (test resources under {@code org/mbrl4j/tensor/reference/}): per tensor a line {@code name d0xd1x...}
 * (or {@code scalar}) and a line of values in C order; lines starting with {@code #} are comments.
 */
final class Reference {

    private final Map<String, INDArray> tensors;
    private final String file;

    private Reference(String file, Map<String, INDArray> tensors) {
        this.file = file;
        this.tensors = tensors;
    }

    /**
     * @param file the file name, e.g. {@code gru.txt}
     * @return its tensors as float64 arrays
     */
    static Reference load(String file) {
        String path = "/org/mbrl4j/tensor/reference/" + file;
        try (InputStream in = Reference.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, INDArray> out = new LinkedHashMap<>();
            String header;
            while ((header = next(r)) != null) {
                String[] h = header.trim().split("\\s+");
                long[] shape = h[1].equals("scalar") ? new long[0] : parseShape(h[1]);
                String[] parts = next(r).trim().split("\\s+");
                double[] v = new double[parts.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = Double.parseDouble(parts[i]);
                }
                INDArray a = Nd4j.createFromArray(v);
                out.put(h[0], shape.length == 0 ? a.reshape() : a.reshape('c', shape));
            }
            return new Reference(file, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String next(BufferedReader r) throws IOException {
        String line;
        while ((line = r.readLine()) != null) {
            if (!line.isBlank() && !line.startsWith("#")) {
                return line;
            }
        }
        return null;
    }

    private static long[] parseShape(String s) {
        String[] d = s.split("x");
        long[] shape = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            shape[i] = Long.parseLong(d[i]);
        }
        return shape;
    }

    /**
     * @param name a tensor's name
     * @return a fresh copy of it (float64)
     */
    INDArray get(String name) {
        INDArray a = tensors.get(name);
        if (a == null) {
            throw new IllegalArgumentException(file + " has no tensor '" + name + "'; it has " + tensors.keySet());
        }
        return a.dup();
    }

    /** @return the number in a one-element tensor */
    double scalar(String name) {
        return get(name).getDouble(0);
    }
}
