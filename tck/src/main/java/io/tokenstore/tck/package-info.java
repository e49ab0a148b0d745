/**
 * The compatibility kit: {@link io.tokenstore.tck.TokenStoreTck}, one JUnit 5 test per rule of
 * {@code docs/contract.md}, named by the rule's id.
 */
@NullMarked
package io.tokenstore.tck;

import org.jspecify.annotations.NullMarked;
