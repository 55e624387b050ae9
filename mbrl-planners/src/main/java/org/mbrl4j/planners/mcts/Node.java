package org.mbrl4j.planners.mcts;

/**
 * One node of a search tree: the expansion that created it, its visit count and the sum of the returns backed
 * up through it. Children are created (unexpanded, with their prior) when the node is expanded.
 *
 * @param <S> the state type
 */
final class Node<S> {

    final double prior;
    S state;
    double reward;
    double rawValue;
    double[] logits;
    Node<S>[] children;
    int visits;
    double valueSum;

    Node(double prior) {
        this.prior = prior;
    }

    boolean expanded() {
        return children != null;
    }

    /** @return the mean backed-up return, 0 before the first visit */
    double value() {
        return visits == 0 ? 0 : valueSum / visits;
    }

    /**
     * Stores an expansion and creates one unexpanded child per action with the given prior probabilities.
     */
    @SuppressWarnings("unchecked")
    void expand(Expansion<S> e, double[] priors) {
        state = e.state();
        reward = e.reward();
        rawValue = e.value();
        logits = e.logits();
        children = new Node[priors.length];
        for (int a = 0; a < priors.length; a++) {
            children[a] = new Node<>(priors[a]);
        }
    }

    /** @return {@code r(a) + discount * value(child a)} for a visited child */
    double q(int action, double discount) {
        Node<S> c = children[action];
        return c.reward + discount * c.value();
    }

    int[] childVisits() {
        int[] v = new int[children.length];
        for (int a = 0; a < v.length; a++) {
            v[a] = children[a].visits;
        }
        return v;
    }

    static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int a = 0; a < p.length; a++) {
            p[a] = Math.exp(logits[a] - max);
            sum += p[a];
        }
        for (int a = 0; a < p.length; a++) {
            p[a] /= sum;
        }
        return p;
    }
}
