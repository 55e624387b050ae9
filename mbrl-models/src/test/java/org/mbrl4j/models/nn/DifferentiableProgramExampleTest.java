package org.mbrl4j.models.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.autodiff.Ops;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.mbrl4j.tensor.nn.DenseStack;
import org.mbrl4j.tensor.nn.GruCell;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The example of docs/models.md ("Writing differentiable programs"), compiled and run: a GRU unrolled over a
 * sequence with shared weights and a readout MLP learn to output the running sum of their inputs.
 */
class DifferentiableProgramExampleTest {

    @Test
    void aGruLearnsTheRunningSumOfItsInputs() {
        // --- docs/models.md example begins
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
        double first = 0;
        double last = 0;
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
                loss = loss.mul(1.0 / steps);
                tape.backward(loss);                                            // gradients into the parameters
                last = loss.item();
                first = iteration == 0 ? last : first;
            }
            adam.step();
            Gradients.zero(params);                                             // the tape adds to gradients
        }
        // --- docs/models.md example ends
        assertTrue(last < 0.1 * first, "loss " + first + " -> " + last);
    }
}
