package org.mbrl4j.tensor.autodiff;

import static org.mbrl4j.tensor.autodiff.GradCheck.check;
import static org.mbrl4j.tensor.autodiff.GradCheck.uniform;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.tensor.nn.ConvDecoder;
import org.mbrl4j.tensor.nn.ConvEncoder;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Float64 finite-difference checks of tiny {@link ConvEncoder}s and {@link ConvDecoder}s. */
class ConvModulesGradientTest {

    private static final double TOL = 1e-6;
    private final SplittableRandom rng = new SplittableRandom(31);

    private static ConvEncoder encoder(boolean norm) {
        ConvEncoder.Builder b = ConvEncoder.builder("enc", 2, 8).optDepth(3).optStages(2).optDataType(DataType.DOUBLE);
        return (norm ? b.optNorm(1e-3) : b).build(new SplittableRandom(1));
    }

    private static ConvDecoder decoder(long features, boolean norm) {
        ConvDecoder.Builder b = ConvDecoder.builder("dec", features, 2, 8).optDepth(3).optStages(2)
                .optDataType(DataType.DOUBLE);
        return (norm ? b.optNorm(1e-3) : b).build(new SplittableRandom(2));
    }

    @Test
    void encoderInputGradientMatchesFiniteDifferences() {
        ConvEncoder plain = encoder(false);
        check(v -> plain.forward(v.get(0)), TOL, 1, uniform(rng, -1, 1, 2, 2, 8, 8));
        ConvEncoder normed = encoder(true);
        check(v -> normed.forward(v.get(0)), TOL, 2, uniform(rng, -1, 1, 2, 2, 8, 8));
    }

    @Test
    void decoderInputGradientMatchesFiniteDifferences() {
        ConvDecoder normed = decoder(5, true);
        check(v -> normed.forward(v.get(0)), TOL, 3, uniform(rng, -1, 1, 2, 5));
    }

    @Test
    void parameterGradientsOfAnAutoencoderMatchFiniteDifferences() {
        ConvEncoder enc = encoder(true);
        ConvDecoder dec = decoder(enc.features(), false);
        INDArray x = uniform(rng, -1, 1, 2, 2, 8, 8);
        INDArray g = uniform(rng, -1, 1, 2, 2, 8, 8);
        List<Parameter> params = new java.util.ArrayList<>(enc.parameters());
        params.addAll(dec.parameters());
        try (Tape tape = Tape.open()) {
            tape.backward(dec.forward(enc.forward(Var.constant(x))), g);
        }
        double h = 1e-6;
        SplittableRandom pick = new SplittableRandom(4);
        for (Parameter p : params) {
            INDArray w = p.value();
            for (int k = 0; k < 3; k++) {
                long i = pick.nextLong(w.length());
                double keep = w.getDouble(i);
                w.putScalar(i, keep + h);
                double plus = loss(enc, dec, x, g);
                w.putScalar(i, keep - h);
                double minus = loss(enc, dec, x, g);
                w.putScalar(i, keep);
                double numeric = (plus - minus) / (2 * h);
                double analytic = p.grad().getDouble(i);
                double err = Math.abs(analytic - numeric) / Math.max(1, Math.abs(numeric));
                if (!(err <= TOL)) {
                    throw new AssertionError(p + " element " + i + ": analytic " + analytic + ", numeric " + numeric);
                }
            }
        }
    }

    private static double loss(ConvEncoder enc, ConvDecoder dec, INDArray x, INDArray g) {
        return dec.forward(enc.forward(Var.constant(x))).value().mul(g).sumNumber().doubleValue();
    }
}
