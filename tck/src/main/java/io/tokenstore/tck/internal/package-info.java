/**
 * The kit's command-line runner. Not exported, not API: anything here may change in any release.
 */
@NullMarked
package io.tokenstore.tck.internal;

import org.jspecify.annotations.NullMarked;
