package org.mbrl4j.algorithms.dreamer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.mbrl4j.tensor.autodiff.Var;

/**
 * TD(lambda) returns over an imagined trajectory (Dreamer, Hafner et al. 2020, equation 6; DreamerV3's
 * {@code lambda_return}): with rewards {@code r_1..r_H}, continue flags {@code c_1..c_H} and values
 * {@code v_0..v_H},
 * <pre>
 *   R_H = v_H
 *   R_t = r_{t+1} + gamma c_{t+1} ((1 - lambda) v_{t+1} + lambda R_{t+1})      t = H-1 .. 0
 * </pre>
 * computed on the tape, so gradients reach whatever the inputs depend on (the actor, through the dynamics).
 */
public final class LambdaReturns {

    private LambdaReturns() {
    }

    /**
     * @param rewards   {@code H} values {@code [N]}: {@code rewards.get(t)} is {@code r_{t+1}}, the reward on arriving
     *                  at state {@code t + 1}
     * @param continues {@code H} values {@code [N]}: {@code c_{t+1}}, 0 where state {@code t + 1} is terminal
     * @param values    {@code H + 1} values {@code [N]}: {@code v_0..v_H}
     * @param discount  {@code gamma}, in {@code (0, 1]}
     * @param lambda    in {@code [0, 1]}
     * @return {@code H} returns {@code R_0..R_{H-1}}, each {@code [N]}
     * @throws IllegalArgumentException if the lengths do not match, a list is empty or a parameter is out of range
     */
    public static List<Var> compute(List<Var> rewards, List<Var> continues, List<Var> values, double discount,
            double lambda) {
        Objects.requireNonNull(rewards, "rewards");
        Objects.requireNonNull(continues, "continues");
        Objects.requireNonNull(values, "values");
        int h = rewards.size();
        if (h < 1 || continues.size() != h || values.size() != h + 1) {
            throw new IllegalArgumentException("expected H >= 1 rewards, H continues and H + 1 values: got "
                    + rewards.size() + ", " + continues.size() + ", " + values.size());
        }
        if (!(discount > 0 && discount <= 1)) {
            throw new IllegalArgumentException("discount must be in (0, 1]: " + discount);
        }
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("lambda must be in [0, 1]: " + lambda);
        }
        List<Var> out = new ArrayList<>(h);
        Var next = values.get(h);
        for (int t = h - 1; t >= 0; t--) {
            Var mix = values.get(t + 1).mul(1 - lambda).add(next.mul(lambda));
            Var ret = rewards.get(t).add(continues.get(t).mul(mix).mul(discount));
            out.add(ret);
            next = ret;
        }
        Collections.reverse(out);
        return out;
    }
}
