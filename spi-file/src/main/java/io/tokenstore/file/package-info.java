/** The file provider. Only the provider class is public. Nothing is null unless marked {@code @Nullable}. */
@NullMarked
package io.tokenstore.file;

import org.jspecify.annotations.NullMarked;
