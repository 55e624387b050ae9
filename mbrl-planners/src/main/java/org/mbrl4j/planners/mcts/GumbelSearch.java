package org.mbrl4j.planners.mcts;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Gumbel MuZero's search (Danihelka, Guez, Schrittwieser and Silver 2022, "Policy improvement by planning with
 * Gumbel", ICLR 2022; the semantics of DeepMind's mctx {@code gumbel_muzero_policy}).
 *
 * <p>At the root every action gets a Gumbel draw {@code g(a)} (times {@code gumbelScale}). Simulation {@code i}
 * considers only the root actions whose visit count equals {@link SequentialHalving#consideredVisits}{@code [i]}
 * and picks the one that maximises {@code g(a) + logits(a) + sigma(completedQ(a))}: the first simulations visit
 * the Gumbel-top-k actions once each, later rounds halve them. Below the root the choice is deterministic:
 * {@code argmax_a pi'(a) - N(a) / (1 + sum_b N(b))} with {@code pi' = softmax(logits + sigma(completedQ))}.
 *
 * <p>Completed Q values: a visited action has {@code q(a) = r(a) + discount * value(child a)}; an unvisited one
 * gets the mixed value {@code (v + sum_b N(b) / sum_{b visited} pi(b) * sum_{b visited} pi(b) q(b)) /
 * (1 + sum_b N(b))} of the node's network value {@code v} and its visited Q values. They are rescaled to
 * {@code [0, 1]} over the node's actions and transformed by {@code sigma(q) = (cVisit + max_b N(b)) cScale q}.
 *
 * <p>The result's action is the considered root action with the most visits and the best
 * {@code g + logits + sigma(completedQ)}; its policy target is {@code softmax(logits + sigma(completedQ))} at
 * the root. Works with any budget of at least one simulation. Not thread-safe; one instance serves any number of
 * searches.
 */
public final class GumbelSearch {

    /** mctx's floor of {@code g + logits + sigma(q)}, so that a huge negative logit stays selectable. */
    private static final double LOW_LOGIT = -1e9;

    private final GumbelConfig config;

    /** @param config the settings */
    public GumbelSearch(GumbelConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** @return the settings */
    public GumbelConfig config() {
        return config;
    }

    /**
     * Runs {@code simulations} simulations from a root.
     *
     * @param root  the root's expansion (its reward is ignored)
     * @param model the model that expands edges
     * @param rng   the generator of the root's Gumbel noise (not drawn from when {@code gumbelScale} is 0)
     * @param <S>   the state type
     * @return the root's visit counts, completed Q values (before {@code sigma}), value, the improved policy and
     *         the chosen action
     * @throws IllegalArgumentException if a logits vector's length is not the model's action count
     */
    public <S> SearchResult search(Expansion<S> root, SearchModel<S> model, RandomGenerator rng) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(rng, "rng");
        int actions = Mcts.checkActions(root, model);
        double[] gumbel = new double[actions];
        if (config.gumbelScale() > 0) {
            for (int a = 0; a < actions; a++) {
                // -log(-log U) with U in (0, 1)
                double u = rng.nextDouble();
                while (u == 0) {
                    u = rng.nextDouble();
                }
                gumbel[a] = -Math.log(-Math.log(u)) * config.gumbelScale();
            }
        }
        Node<S> rootNode = new Node<>(1);
        rootNode.expand(new Expansion<>(root.state(), 0, root.logits(), root.value()), Node.softmax(root.logits()));
        int[] schedule = SequentialHalving.consideredVisits(Math.min(config.maxConsideredActions(), actions),
                config.simulations());
        List<Node<S>> path = new ArrayList<>();
        for (int sim = 0; sim < config.simulations(); sim++) {
            path.clear();
            path.add(rootNode);
            int action = rootAction(rootNode, gumbel, schedule[sim]);
            Node<S> node = rootNode.children[action];
            path.add(node);
            while (node.expanded()) {
                action = interiorAction(node);
                node = node.children[action];
                path.add(node);
            }
            Node<S> parent = path.get(path.size() - 2);
            Expansion<S> e = model.recurrent(parent.state, action);
            Mcts.checkLogits(e, actions);
            node.expand(e, Node.softmax(e.logits()));
            backpropagate(path, e.value());
        }
        int[] visits = rootNode.childVisits();
        int maxVisits = 0;
        for (int v : visits) {
            maxVisits = Math.max(maxVisits, v);
        }
        int action = rootAction(rootNode, gumbel, maxVisits);
        double[] completed = completedQ(rootNode);
        double[] sigma = sigma(rootNode, completed);
        double[] improved = new double[actions];
        for (int a = 0; a < actions; a++) {
            improved[a] = rootNode.logits[a] + sigma[a];
        }
        return new SearchResult(visits, completed, rootNode.value(), Node.softmax(improved), action);
    }

    /** Sequential halving's choice among the root actions with {@code consideredVisit} visits. */
    private <S> int rootAction(Node<S> root, double[] gumbel, int consideredVisit) {
        double[] sigma = sigma(root, completedQ(root));
        double maxLogit = Double.NEGATIVE_INFINITY;
        for (double l : root.logits) {
            maxLogit = Math.max(maxLogit, l);
        }
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < root.children.length; a++) {
            if (root.children[a].visits != consideredVisit) {
                continue;
            }
            double s = Math.max(LOW_LOGIT, gumbel[a] + root.logits[a] - maxLogit + sigma[a]);
            if (best < 0 || s > bestScore) {
                bestScore = s;
                best = a;
            }
        }
        if (best < 0) {
            throw new IllegalStateException("no root action has " + consideredVisit + " visits; the schedule and "
                    + "the tree disagree");
        }
        return best;
    }

    /** The deterministic interior choice: {@code argmax pi'(a) - N(a) / (1 + sum N)}. */
    private <S> int interiorAction(Node<S> node) {
        double[] sigma = sigma(node, completedQ(node));
        double[] logits = new double[sigma.length];
        int total = 0;
        for (int a = 0; a < sigma.length; a++) {
            logits[a] = node.logits[a] + sigma[a];
            total += node.children[a].visits;
        }
        double[] probs = Node.softmax(logits);
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < probs.length; a++) {
            double s = probs[a] - node.children[a].visits / (1.0 + total);
            if (s > bestScore) {
                bestScore = s;
                best = a;
            }
        }
        return best;
    }

    /** Q of visited children; the mixed value for the others. */
    private <S> double[] completedQ(Node<S> node) {
        int actions = node.children.length;
        double[] prior = Node.softmax(node.logits);
        double[] q = new double[actions];
        int totalVisits = 0;
        double visitedProb = 0;
        double weightedQ = 0;
        for (int a = 0; a < actions; a++) {
            Node<S> c = node.children[a];
            if (c.visits > 0) {
                q[a] = node.q(a, config.discount());
                double p = Math.max(Double.MIN_NORMAL, prior[a]);
                visitedProb += p;
                weightedQ += p * q[a];
                totalVisits += c.visits;
            }
        }
        double mixed = node.rawValue;
        if (totalVisits > 0) {
            mixed = (node.rawValue + totalVisits * weightedQ / visitedProb) / (totalVisits + 1);
        }
        for (int a = 0; a < actions; a++) {
            if (node.children[a].visits == 0) {
                q[a] = mixed;
            }
        }
        return q;
    }

    /** {@code (cVisit + max N) * cScale * (q - min q) / max(max q - min q, 1e-8)} over the node's actions. */
    private <S> double[] sigma(Node<S> node, double[] completed) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int maxVisits = 0;
        for (int a = 0; a < completed.length; a++) {
            min = Math.min(min, completed[a]);
            max = Math.max(max, completed[a]);
            maxVisits = Math.max(maxVisits, node.children[a].visits);
        }
        double range = Math.max(max - min, 1e-8);
        double scale = (config.cVisit() + maxVisits) * config.cScale();
        double[] s = new double[completed.length];
        for (int a = 0; a < s.length; a++) {
            s[a] = scale * (completed[a] - min) / range;
        }
        return s;
    }

    private <S> void backpropagate(List<Node<S>> path, double leafValue) {
        double value = leafValue;
        for (int i = path.size() - 1; i >= 0; i--) {
            Node<S> node = path.get(i);
            node.valueSum += value;
            node.visits++;
            value = node.reward + config.discount() * value;
        }
    }
}
