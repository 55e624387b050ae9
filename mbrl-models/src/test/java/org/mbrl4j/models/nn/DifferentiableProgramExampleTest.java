package org.mbrl4j.models.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.mbrl4j.tensor.nn.DenseStack;
import org.mbrl4j.tensor.nn.GruCell;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The example of docs/models.md ("Writing differentiable programs"; the page's block is checked against the
 * lines between the snippet markers by the examples module's SnippetsTest), compiled and run: a GRU unrolled
 * over a sequence with shared weights and a readout MLP learn to output the running sum of their inputs.
 */
class DifferentiableProgramExampleTest {

    /** The mean squared error of the program over the sequence, computed without a tape. */
    private static double loss(GruCell cell, DenseStack readout, INDArray xs, INDArray sums) {
        Var h = Var.constant(Nd4j.zeros(DataType.FLOAT, xs.size(1), cell.hidden()));
        double total = 0;
        for (int t = 0; t < xs.size(0); t++) {
            h = cell.step(Var.constant(xs.slice(t).dup()), h);
            total += readout.forward(h).sub(Var.constant(sums.slice(t).dup())).square().mean().item();
        }
        return total / xs.size(0);
    }

    @Test
    void aGruLearnsTheRunningSumOfItsInputs() {
        // The same networks and data as the snippet builds (same seeds), before training.
        SplittableRandom same = new SplittableRandom(0);
        GruCell untrainedCell = new GruCell("gru", 1, 16, DataType.FLOAT, same);
        DenseStack untrainedReadout = DenseStack.builder("readout", 16, 1).hidden(16, 1)
                .activation(Activation.SILU).build(same);
        INDArray sameXs = Nd4j.rand(Nd4j.create(DataType.FLOAT, 8, 32, 1), -0.5, 0.5,
                Nd4j.getRandomFactory().getNewRandomInstance(1));
        double before = loss(untrainedCell, untrainedReadout, sameXs, sameXs.cumsum(0));

        // snippet:gru-running-sum
        SplittableRandom rng = new SplittableRandom(0);
        GruCell cell = new GruCell("gru", 1, 16, DataType.FLOAT, rng);
        DenseStack readout = DenseStack.builder("readout", 16, 1).hidden(16, 1).activation(Activation.SILU).build(rng);
        var params = new java.util.ArrayList<>(cell.parameters());
        params.addAll(readout.parameters());
        Adam adam = new Adam(params, AdamConfig.adam(3e-3, 0));

        int batch = 32;
        int steps = 8;
        INDArray xs = Nd4j.rand(Nd4j.create(DataType.FLOAT, steps, batch, 1), -0.5, 0.5,
                Nd4j.getRandomFactory().getNewRandomInstance(1));                // inputs in [-0.5, 0.5)
        INDArray sums = xs.cumsum(0);                                          // targets: running sums
        for (int iteration = 0; iteration < 200; iteration++) {
            try (Tape tape = Tape.open()) {                                     // record the program
                Var h = Var.constant(Nd4j.zeros(DataType.FLOAT, batch, 16));
                Var loss = null;
                for (int t = 0; t < steps; t++) {
                    h = cell.step(Var.constant(xs.slice(t).dup()), h);         // the same weights every step
                    Var error = readout.forward(h).sub(Var.constant(sums.slice(t).dup()));
                    Var term = error.square().mean();
                    loss = loss == null ? term : loss.add(term);
                }
                tape.backward(loss.mul(1.0 / steps));                           // gradients into the parameters
            }
            adam.step();
            Gradients.zero(params);                                             // the tape adds to gradients
        }
        // end-snippet
        double after = loss(cell, readout, xs, sums);
        assertTrue(after < 0.1 * before, "loss " + before + " -> " + after);
    }
}
