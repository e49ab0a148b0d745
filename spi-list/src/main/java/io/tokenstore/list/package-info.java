/** The list provider. Only the provider class is public. Nothing is null unless marked {@code @Nullable}. */
@NullMarked
package io.tokenstore.list;

import org.jspecify.annotations.NullMarked;
