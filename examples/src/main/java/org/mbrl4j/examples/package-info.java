/**
 * The {@code mbrl4j} command line: one subcommand per algorithm (and {@code envs}, {@code random}), each
 * showing a progress bar and leaving metrics (CSV and JSON Lines) and plots (PNG) in an output folder.
 * {@code compare} turns several seeds' run folders into learning curves and a markdown table.
 * This is an application, not a library: it binds the ND4J CPU backend and an SLF4J logger.
 */
package org.mbrl4j.examples;
