package org.mbrl4j.algorithms.pets;

import org.mbrl4j.core.Transition;
import org.mbrl4j.models.dynamics.TrainingResult;

/** Told about the progress of a {@link Pets} run (progress bars, metrics); every method defaults to nothing. */
public interface PetsListener {

    /**
     * After every environment step.
     *
     * @param totalEnvSteps steps so far
     * @param transition the step
     */
    default void onStep(long totalEnvSteps, Transition transition) {}

    /**
     * After every model training.
     *
     * @param totalEnvSteps steps so far
     * @param result the training's outcome
     */
    default void onModelTrained(long totalEnvSteps, TrainingResult result) {}

    /**
     * After every trial.
     *
     * @param report the trial's summary
     */
    default void onTrial(TrialReport report) {}

    /** A listener that ignores everything. */
    PetsListener NONE = new PetsListener() {};
}
