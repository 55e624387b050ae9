package org.mbrl4j.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.mbrl4j.tensor.nn.DenseStack;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The hand-written layers called from the tape give the same values and gradients as the tape's own modules. */
class TapeLayersTest {

    private static INDArray random(long seed, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        INDArray a = Nd4j.zeros(DataType.DOUBLE, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, r.nextDouble(-1, 1));
        }
        return a;
    }

    @Test
    void aWrappedMlpAndTheSameDenseStackAgreeOnValuesAndGradients() {
        Sequential hand = Mlp.builder(4, 3).hidden(6, 2).activation(Activation.SILU).dtype(DataType.DOUBLE)
                .build(new SplittableRandom(1));
        DenseStack tape = DenseStack.builder("t", 4, 3).hidden(6, 2).activation(Activation.SILU)
                .dataType(DataType.DOUBLE).build(new SplittableRandom(2));
        List<Parameter> hp = hand.parameters();
        List<Parameter> tp = tape.parameters();
        for (int i = 0; i < hp.size(); i++) {
            tp.get(i).set(hp.get(i).value().reshape(tp.get(i).value().shape()));
            hp.get(i).grad().assign(0.25); // the wrapper must add to what the gradient held
        }
        INDArray x = random(3, 5, 4);
        INDArray target = random(4, 5, 3);
        Var xa = Var.input(x.dup());
        Var xb = Var.input(x.dup());
        Var ya;
        Var yb;
        try (Tape t = Tape.open()) {
            ya = TapeLayers.call(hand, xa);
            t.backward(ya.sub(Var.constant(target)).square().mean());
        }
        try (Tape t = Tape.open()) {
            yb = tape.forward(xb);
            t.backward(yb.sub(Var.constant(target)).square().mean());
        }
        assertArrayEquals(yb.value().ravel().toDoubleVector(), ya.value().ravel().toDoubleVector(), 1e-14);
        assertArrayEquals(xb.grad().ravel().toDoubleVector(), xa.grad().ravel().toDoubleVector(), 1e-14);
        for (int i = 0; i < hp.size(); i++) {
            INDArray expected = tp.get(i).grad().reshape(hp.get(i).grad().shape()).add(0.25);
            assertArrayEquals(expected.ravel().toDoubleVector(), hp.get(i).grad().ravel().toDoubleVector(), 1e-14,
                    hp.get(i).name());
        }
    }

    @Test
    void aLayerIsCalledOncePerTape() {
        Sequential hand = Mlp.builder(2, 2).hidden(3, 1).dtype(DataType.DOUBLE).build(new SplittableRandom(1));
        Var x = Var.input(random(1, 1, 2));
        try (Tape t = Tape.open()) {
            TapeLayers.call(hand, x);
            assertThrows(IllegalStateException.class, () -> TapeLayers.call(hand, x));
        }
        try (Tape t = Tape.open()) { // a closed tape frees the layer
            t.backward(TapeLayers.call(hand, x).sum());
            t.close();
        }
        try (Tape t = Tape.open()) {
            t.backward(TapeLayers.call(hand, x).sum());
        }
    }
}
