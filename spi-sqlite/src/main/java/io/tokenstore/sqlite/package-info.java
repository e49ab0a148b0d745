/** The SQLite provider. Only the provider class is public. Nothing is null unless marked {@code @Nullable}. */
@NullMarked
package io.tokenstore.sqlite;

import org.jspecify.annotations.NullMarked;
