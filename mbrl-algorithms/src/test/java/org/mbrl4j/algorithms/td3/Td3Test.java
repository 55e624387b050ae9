package org.mbrl4j.algorithms.td3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class Td3Test {

    @Test
    void smoothingClipsTheNoiseAndThenTheAction() {
        // sigma 0.2, clip 0.5: noise 0.2*1 = 0.2; 0.2*(-3) = -0.6 -> -0.5; 0.2*4 = 0.8 -> 0.5 then 0.9+0.5 -> 1
        double[] a = Td3.smoothTargetActions(new double[] {0.1, 0.3, 0.9, -0.95}, new double[] {1, -3, 4, -0.5},
                0.2, 0.5);
        assertArrayEquals(new double[] {0.3, -0.2, 1.0, -1.0}, a, 1e-12);
    }

    @Test
    void clippedDoubleQTargetsMatchHandValues() {
        double[] y = Td3.clippedTargets(new double[] {1, 2, -1}, new double[] {0, 1, 0},
                new double[][] {{5, 3, -2}, {4, 9, 0}}, 0.9);
        assertArrayEquals(new double[] {1 + 0.9 * 4, 2, -1 + 0.9 * -2}, y, 1e-12);
        // DDPG: one critic, no minimum.
        double[] d = Td3.clippedTargets(new double[] {1}, new double[] {0}, new double[][] {{5}}, 0.5);
        assertArrayEquals(new double[] {3.5}, d, 1e-12);
    }

    @Test
    void configRejectsBadValues() {
        assertThrows(IllegalArgumentException.class, () -> Td3Config.pendulumSmall().withHidden(64, 0));
        assertThrows(IllegalArgumentException.class, () -> new Td3Config(64, 2, 0.99, 0.005, 1e-3, 1e-3, 128,
                -0.1, 0.2, 0.5, 2, 2, 1, 500, 1000));
    }
}
