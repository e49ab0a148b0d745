/** The MongoDB provider. Only the provider class is public. Nothing is null unless marked {@code @Nullable}. */
@NullMarked
package io.tokenstore.mongo;

import org.jspecify.annotations.NullMarked;
