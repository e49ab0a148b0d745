/**
 * Implementation details of the API module. Not exported, not API: anything here may change in any release.
 */
@NullMarked
package io.tokenstore.internal;

import org.jspecify.annotations.NullMarked;
