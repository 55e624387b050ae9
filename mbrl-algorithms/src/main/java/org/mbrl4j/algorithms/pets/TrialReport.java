package org.mbrl4j.algorithms.pets;

import org.mbrl4j.models.dynamics.TrainingResult;

/**
 * What one PETS trial did.
 *
 * @param trial the trial index, from 0 (the random one)
 * @param episodeReturn the summed reward of the trial
 * @param steps environment steps in the trial
 * @param totalEnvSteps environment steps so far, all trials
 * @param random whether the random agent acted
 * @param trainings model trainings during the trial
 * @param lastTraining the last training's outcome, or null if none ran yet
 * @param seconds wall-clock time of the trial, training included
 */
public record TrialReport(int trial, double episodeReturn, int steps, long totalEnvSteps, boolean random,
        int trainings, TrainingResult lastTraining, double seconds) {}
