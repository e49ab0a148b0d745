/**
 * The kit's command-line runner ({@code tokenstore-tck.jar}) and the engine of {@code tokenstore tck}. Exported to
 * the command line only, not API: anything here may change in any release.
 */
@NullMarked
package io.tokenstore.tck.runner;

import org.jspecify.annotations.NullMarked;
