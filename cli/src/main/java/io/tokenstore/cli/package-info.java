/** The {@code tokenstore} command line. Only {@link io.tokenstore.cli.Main} is public. */
@NullMarked
package io.tokenstore.cli;

import org.jspecify.annotations.NullMarked;
