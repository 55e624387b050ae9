/** Whole-operation benchmarks of planning: one CEM action selection of the PETS cart-pole preset. */
package org.mbrl4j.benchmarks.planners;
