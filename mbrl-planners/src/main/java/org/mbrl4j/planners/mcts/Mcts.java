package org.mbrl4j.planners.mcts;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * MuZero's Monte Carlo tree search (Schrittwieser et al. 2020, "Mastering Atari, Go, chess and shogi by planning
 * with a learned model", appendix B; the structure of muzero-general's {@code self_play.py}). Each simulation
 * descends from the root by the pUCT rule
 * <pre>
 *   a = argmax_a  Qn(s, a) + P(s, a) sqrt(N(s)) / (1 + N(s, a)) (c1 + log((N(s) + c2 + 1) / c2))
 * </pre>
 * with {@code Qn} the min-max normalised {@code r(s, a) + discount * value(child)} ({@link MinMaxStats}, 0 for an
 * unvisited child) and ties to the lowest index, expands the first unexpanded node with the model, and backs the
 * leaf's predicted value up the path, discounting and adding each edge's reward. The root priors are
 * {@code softmax(logits)}, mixed with {@code Dir(alpha)} noise at {@code explorationFraction} when that is
 * above 0. Single-agent (no alternating players). Not thread-safe; one instance serves any number of searches.
 */
public final class Mcts {

    private final MctsConfig config;

    /** @param config the settings */
    public Mcts(MctsConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** @return the settings */
    public MctsConfig config() {
        return config;
    }

    /**
     * Runs {@code simulations} simulations from a root.
     *
     * @param root  the root's expansion (its reward is ignored): the representation's state and the
     *              prediction's logits and value
     * @param model the model that expands edges
     * @param rng   the generator of the root noise (not drawn from when {@code explorationFraction} is 0)
     * @param <S>   the state type
     * @return the root's visit counts, Q values (0 where unvisited), value, normalised visit counts as the policy
     *         target, and the most visited action
     * @throws IllegalArgumentException if the model has no action or a logits vector's length is not the
     *     model's action count
     */
    public <S> SearchResult search(Expansion<S> root, SearchModel<S> model, RandomGenerator rng) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(rng, "rng");
        int actions = checkActions(root, model);
        Node<S> rootNode = new Node<>(1);
        double[] priors = Node.softmax(root.logits());
        if (config.explorationFraction() > 0) {
            double[] noise = Dirichlet.sample(config.dirichletAlpha(), actions, rng);
            double f = config.explorationFraction();
            for (int a = 0; a < actions; a++) {
                priors[a] = priors[a] * (1 - f) + noise[a] * f;
            }
        }
        rootNode.expand(new Expansion<>(root.state(), 0, root.logits(), root.value()), priors);
        MinMaxStats minMax = new MinMaxStats();
        List<Node<S>> path = new ArrayList<>();
        for (int sim = 0; sim < config.simulations(); sim++) {
            path.clear();
            Node<S> node = rootNode;
            path.add(node);
            int action = -1;
            while (node.expanded()) {
                action = selectChild(node, minMax);
                node = node.children[action];
                path.add(node);
            }
            Node<S> parent = path.get(path.size() - 2);
            Expansion<S> e = model.recurrent(parent.state, action);
            checkLogits(e, actions);
            node.expand(e, Node.softmax(e.logits()));
            backpropagate(path, e.value(), minMax);
        }
        int[] visits = rootNode.childVisits();
        double[] q = new double[actions];
        double[] target = new double[actions];
        int best = 0;
        for (int a = 0; a < actions; a++) {
            q[a] = visits[a] > 0 ? rootNode.q(a, config.discount()) : 0;
            target[a] = visits[a] / (double) config.simulations();
            if (visits[a] > visits[best]) {
                best = a;
            }
        }
        return new SearchResult(visits, q, rootNode.value(), target, best);
    }

    /** The child with the highest pUCT score (the lowest index among ties). */
    private <S> int selectChild(Node<S> node, MinMaxStats minMax) {
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < node.children.length; a++) {
            double s = ucbScore(node, node.children[a], minMax);
            if (s > bestScore) {
                bestScore = s;
                best = a;
            }
        }
        return best;
    }

    /** MuZero's {@code ucb_score}: the prior term plus the normalised Q of a visited child. */
    private <S> double ucbScore(Node<S> parent, Node<S> child, MinMaxStats minMax) {
        double pbC = Math.log((parent.visits + config.pbCBase() + 1) / config.pbCBase()) + config.pbCInit();
        pbC *= Math.sqrt(parent.visits) / (child.visits + 1);
        double priorScore = pbC * child.prior;
        double valueScore = child.visits > 0
                ? minMax.normalize(child.reward + config.discount() * child.value()) : 0;
        return priorScore + valueScore;
    }

    /** Adds the leaf value to every node of the path, discounting and adding rewards on the way up. */
    private <S> void backpropagate(List<Node<S>> path, double leafValue, MinMaxStats minMax) {
        double value = leafValue;
        for (int i = path.size() - 1; i >= 0; i--) {
            Node<S> node = path.get(i);
            node.valueSum += value;
            node.visits++;
            minMax.update(node.reward + config.discount() * node.value());
            value = node.reward + config.discount() * value;
        }
    }

    /**
     * Picks an action from visit counts as MuZero's self-play does: proportional to {@code N(a)^(1/T)}, or the
     * most visited one (lowest index among ties) at temperature 0.
     *
     * @param visitCounts visits per action, {@code >= 0}, not all 0
     * @param temperature {@code T}, finite and {@code >= 0}
     * @param rng         the generator of the draw (not used at temperature 0)
     * @return the action index
     * @throws IllegalArgumentException if the counts are empty, negative or all 0, or the temperature is out of
     *     range
     */
    public static int selectAction(int[] visitCounts, double temperature, RandomGenerator rng) {
        Objects.requireNonNull(visitCounts, "visitCounts");
        if (!(temperature >= 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and >= 0: " + temperature);
        }
        int best = -1;
        long total = 0;
        for (int a = 0; a < visitCounts.length; a++) {
            if (visitCounts[a] < 0) {
                throw new IllegalArgumentException("visitCounts must be >= 0: " + visitCounts[a] + " at " + a);
            }
            total += visitCounts[a];
            if (best < 0 || visitCounts[a] > visitCounts[best]) {
                best = a;
            }
        }
        if (total == 0) {
            throw new IllegalArgumentException("visitCounts must not be empty or all 0: length "
                    + visitCounts.length);
        }
        if (temperature == 0) {
            return best;
        }
        double[] w = new double[visitCounts.length];
        double sum = 0;
        double maxCount = visitCounts[best];
        for (int a = 0; a < w.length; a++) {
            // (N / Nmax)^(1/T) keeps the powers finite at small temperatures
            w[a] = visitCounts[a] == 0 ? 0 : Math.pow(visitCounts[a] / maxCount, 1 / temperature);
            sum += w[a];
        }
        double u = rng.nextDouble() * sum;
        for (int a = 0; a < w.length; a++) {
            u -= w[a];
            if (u < 0 && w[a] > 0) {
                return a;
            }
        }
        return best;
    }

    static <S> int checkActions(Expansion<S> root, SearchModel<S> model) {
        int actions = model.actionCount();
        if (actions < 1) {
            throw new IllegalArgumentException("model.actionCount() must be >= 1: " + actions);
        }
        checkLogits(root, actions);
        return actions;
    }

    static <S> void checkLogits(Expansion<S> e, int actions) {
        if (e.logits().length != actions) {
            throw new IllegalArgumentException("logits must hold " + actions + " entries (one per action): "
                    + e.logits().length);
        }
    }
}
