package org.mbrl4j.algorithms.common;

import java.util.List;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.nn.Parameter;

/** Polyak (exponential moving) averaging of target-network parameters. */
public final class Polyak {

    private Polyak() {
    }

    /**
     * {@code target <- (1 - tau) * target + tau * source}, in place, parameter by parameter.
     *
     * @param target the target network's parameters
     * @param source the online network's parameters, the same shapes in the same order
     * @param tau    the step, in {@code [0, 1]} ({@code 1} copies)
     * @throws IllegalArgumentException if {@code tau} is outside {@code [0, 1]} or the lists do not match
     */
    public static void update(List<Parameter> target, List<Parameter> source, double tau) {
        if (!(tau >= 0 && tau <= 1)) {
            throw new IllegalArgumentException("tau must be in [0, 1]: " + tau);
        }
        if (target.size() != source.size()) {
            throw new IllegalArgumentException("target has " + target.size() + " parameters; source has "
                    + source.size());
        }
        for (int i = 0; i < target.size(); i++) {
            var t = target.get(i).value();
            var s = source.get(i).value();
            if (!java.util.Arrays.equals(t.shape(), s.shape())) {
                throw new IllegalArgumentException("parameter " + i + ": target " + target.get(i) + " vs source "
                        + source.get(i));
            }
            if (tau == 1) {
                t.assign(s);
            } else {
                HostArrays.lerp(t, s, tau);
            }
        }
    }
}
