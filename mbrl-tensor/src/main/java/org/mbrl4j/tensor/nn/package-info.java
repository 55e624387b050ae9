/**
 * The parameter machinery shared by every network of the library: {@link org.mbrl4j.tensor.nn.Parameter}
 * (a value and its accumulated gradient) and the weight initialisers
 * ({@link org.mbrl4j.tensor.nn.Initializers}). The hand-written layers of {@code org.mbrl4j.models.nn} and
 * the modules of the tape hold the same parameters, so that one optimiser and one checkpoint format serve
 * both.
 */
package org.mbrl4j.tensor.nn;
