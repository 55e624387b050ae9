/**
 * Environment wrappers with Gymnasium's semantics, all subclasses of the
 * {@link org.mbrl4j.envs.wrappers.Wrapper} base that delegates to an inner environment
 * ({@code inner()}, {@code unwrapped()}):
 * <ul>
 *   <li>{@link org.mbrl4j.envs.wrappers.TimeLimit}: truncates episodes after a number of steps, as
 *       Gymnasium's registry does;</li>
 *   <li>{@link org.mbrl4j.envs.wrappers.ActionRepeat}: holds every action for several inner steps, summing
 *       the rewards (frame skip);</li>
 *   <li>{@link org.mbrl4j.envs.wrappers.FrameStack}: observes the last {@code k} observations stacked along a
 *       new leading axis;</li>
 *   <li>{@link org.mbrl4j.envs.wrappers.RescaleAction} and {@link org.mbrl4j.envs.wrappers.ClipAction}: map
 *       or clip actions onto a {@code Box} action space;</li>
 *   <li>{@link org.mbrl4j.envs.wrappers.RecordEpisodeStatistics}: records episode returns, lengths and
 *       durations.</li>
 * </ul>
 * {@link org.mbrl4j.envs.render.PixelObservation} (observations as images) is a wrapper too, kept with the
 * renderers. {@link org.mbrl4j.envs.Envs#make(String, org.mbrl4j.envs.EnvOptions)} composes the common ones
 * in a fixed, documented order.
 */
package org.mbrl4j.envs.wrappers;
