package org.mbrl4j.tensor.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.tensor.nn.GruCell;
import org.mbrl4j.tensor.nn.LstmCell;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The GRU and LSTM cells against values and gradients recorded from PyTorch, and against finite differences. */
class RecurrentCellsTest {

    private static final double TOL = 1e-12;

    private static void near(INDArray expected, INDArray actual, double tol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double[] e = expected.ravel().toDoubleVector();
        double[] a = actual.castTo(DataType.DOUBLE).ravel().toDoubleVector();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], tol * Math.max(1, Math.abs(e[i])), what + " element " + i);
        }
    }

    private static GruCell gru(Reference ref) {
        GruCell cell = new GruCell("gru", 5, 4, DataType.DOUBLE, new SplittableRandom(0));
        List<Parameter> p = cell.parameters();
        p.get(0).set(ref.get("W"));
        p.get(1).set(ref.get("g"));
        p.get(2).set(ref.get("b"));
        return cell;
    }

    @Test
    void gruStepMatchesPyTorch() {
        Reference ref = Reference.load("gru.txt");
        GruCell cell = gru(ref);
        Var x = Var.input(ref.get("x"));
        Var h = Var.input(ref.get("h"));
        Var next;
        try (Tape tape = Tape.open()) {
            next = cell.step(x, h);
            tape.backward(next, ref.get("G"));
        }
        near(ref.get("h_next"), next.value(), TOL, "h_next");
        near(ref.get("dx"), x.grad(), TOL, "dx");
        near(ref.get("dh"), h.grad(), TOL, "dh");
        near(ref.get("dW"), cell.parameters().get(0).grad(), TOL, "dW");
        near(ref.get("dg"), cell.parameters().get(1).grad(), TOL, "dg");
        near(ref.get("db"), cell.parameters().get(2).grad(), TOL, "db");
    }

    @Test
    void gruUnrolledWithSharedWeightsMatchesPyTorch() {
        Reference ref = Reference.load("gru_unroll.txt");
        GruCell cell = gru(ref);
        Var xs = Var.input(ref.get("x"));
        Var h0 = Var.input(ref.get("h0"));
        INDArray g = ref.get("G");
        INDArray hs = Nd4j.zeros(DataType.DOUBLE, 4, 3, 4);
        try (Tape tape = Tape.open()) {
            Var h = h0;
            Var loss = null;
            for (int t = 0; t < 4; t++) {
                Var xt = xs.slice(0, t, t + 1).reshape(3, 5);
                h = cell.step(xt, h);
                hs.putSlice(t, h.value());
                Var term = h.mul(Var.constant(g.slice(t).dup())).sum();
                loss = loss == null ? term : loss.add(term);
            }
            tape.backward(loss);
        }
        near(ref.get("h"), hs, TOL, "h");
        near(ref.get("dx"), xs.grad(), TOL, "dx");
        near(ref.get("dh0"), h0.grad(), TOL, "dh0");
        near(ref.get("dW"), cell.parameters().get(0).grad(), TOL, "dW");
        near(ref.get("dg"), cell.parameters().get(1).grad(), TOL, "dg");
        near(ref.get("db"), cell.parameters().get(2).grad(), TOL, "db");
    }

    @Test
    void lstmStepMatchesPyTorch() {
        Reference ref = Reference.load("lstm.txt");
        LstmCell cell = new LstmCell("lstm", 5, 4, DataType.DOUBLE, new SplittableRandom(0));
        cell.parameters().get(0).set(ref.get("W"));
        cell.parameters().get(1).set(ref.get("bias"));
        Var x = Var.input(ref.get("x"));
        Var h = Var.input(ref.get("h"));
        Var c = Var.input(ref.get("c"));
        LstmCell.State next;
        try (Tape tape = Tape.open()) {
            next = cell.step(x, new LstmCell.State(h, c));
            Var loss = next.h().mul(Var.constant(ref.get("Gh"))).sum()
                    .add(next.c().mul(Var.constant(ref.get("Gc"))).sum());
            tape.backward(loss);
        }
        near(ref.get("h_next"), next.h().value(), TOL, "h_next");
        near(ref.get("c_next"), next.c().value(), TOL, "c_next");
        near(ref.get("dx"), x.grad(), TOL, "dx");
        near(ref.get("dh"), h.grad(), TOL, "dh");
        near(ref.get("dc"), c.grad(), TOL, "dc");
        near(ref.get("dW"), cell.parameters().get(0).grad(), TOL, "dW");
        near(ref.get("dbias"), cell.parameters().get(1).grad(), TOL, "dbias");
    }

    @Test
    void cellsPassFiniteDifferencesOnTheirInputs() {
        SplittableRandom rng = new SplittableRandom(5);
        GruCell gru = new GruCell("g", 3, 2, DataType.DOUBLE, new SplittableRandom(1));
        GradCheck.check(v -> gru.step(v.get(0), gru.step(v.get(0), v.get(1))), 1e-6, 1,
                GradCheck.uniform(rng, -1, 1, 2, 3), GradCheck.uniform(rng, -1, 1, 2, 2));
        LstmCell lstm = new LstmCell("l", 3, 2, DataType.DOUBLE, new SplittableRandom(2));
        GradCheck.check(v -> lstm.step(v.get(0), new LstmCell.State(v.get(1), v.get(2))).h(), 1e-6, 2,
                GradCheck.uniform(rng, -1, 1, 2, 3), GradCheck.uniform(rng, -1, 1, 2, 2), GradCheck.uniform(rng, -1, 1, 2, 2));
    }

    @Test
    void lstmStartsWithTheForgetGateOpen() {
        LstmCell cell = new LstmCell("l", 3, 2, DataType.FLOAT, new SplittableRandom(3));
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 0}, cell.parameters().get(1).value().toFloatVector(), 0);
    }
}
