/** The Redis provider. Only the provider class is public. Nothing is null unless marked {@code @Nullable}. */
@NullMarked
package io.tokenstore.redis;

import org.jspecify.annotations.NullMarked;
