package org.mbrl4j.models.dynamics;

/**
 * Transitions prepared for training by {@link ModelTrainer#prepare}: normalised inputs and targets split
 * into training and validation rows, and each member's bootstrap indices. Immutable once made.
 */
public final class TrainingSet {

    final float[] xTrain;
    final float[] yTrain;
    final int nTrain;
    final float[] xVal;
    final float[] yVal;
    final int nVal;
    final int[][] bootstrap;

    TrainingSet(float[] xTrain, float[] yTrain, int nTrain, float[] xVal, float[] yVal, int nVal,
            int[][] bootstrap) {
        this.xTrain = xTrain;
        this.yTrain = yTrain;
        this.nTrain = nTrain;
        this.xVal = xVal;
        this.yVal = yVal;
        this.nVal = nVal;
        this.bootstrap = bootstrap;
    }

    /** @return the number of training rows */
    public int trainSize() {
        return nTrain;
    }

    /** @return the number of held-out rows (0 when the training rows are scored instead) */
    public int validationSize() {
        return nVal;
    }
}
