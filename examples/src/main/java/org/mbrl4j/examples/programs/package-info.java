/**
 * Small programs to copy: each shows one way of using mbrl4j from Java in 30-80 lines, has a {@code main}
 * that takes an optional budget, and runs in a smoke test of {@code mvn verify} at a tiny budget. The
 * README's Java snippets are cut from these files (between {@code // snippet:NAME} and
 * {@code // end-snippet} comments) and a test checks that they still match.
 */
package org.mbrl4j.examples.programs;
