package org.mbrl4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.core.spaces.Discrete;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RandomAgentTest {

    @Test
    void actionsLieInTheSpaceAndFollowTheGenerator() {
        Box box = Box.uniform(-2, 2, 3);
        RandomAgent a = new RandomAgent(box, new SplittableRandom(11));
        RandomAgent b = new RandomAgent(box, new SplittableRandom(11));
        INDArray obs = Nd4j.zeros(4);
        List<INDArray> seen = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            INDArray x = a.act(obs);
            assertTrue(box.contains(x));
            assertEquals(x, b.act(obs), "same seed, same actions");
            seen.add(x);
        }
        assertNotEquals(seen.get(0), seen.get(1), "consecutive actions differ");
    }

    @Test
    void discreteActionsAreValidIndices() {
        Discrete d = Discrete.of(2);
        RandomAgent agent = new RandomAgent(d, new SplittableRandom(1));
        boolean[] seen = new boolean[2];
        for (int i = 0; i < 100; i++) {
            seen[d.index("action", agent.act(Nd4j.zeros(1)))] = true;
        }
        assertTrue(seen[0] && seen[1]);
    }

    @Test
    void rejectsNulls() {
        assertThrows(NullPointerException.class, () -> new RandomAgent(null, new SplittableRandom(1)));
        assertThrows(NullPointerException.class, () -> new RandomAgent(Discrete.of(2), null));
    }
}
