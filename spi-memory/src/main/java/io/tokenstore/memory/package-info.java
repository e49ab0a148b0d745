/** The memory provider. Only the provider class is public. Nothing is null unless marked {@code @Nullable}. */
@NullMarked
package io.tokenstore.memory;

import org.jspecify.annotations.NullMarked;
