/**
 * For authors of stores: {@link io.tokenstore.spi.TokenStoreProvider}, found by {@link java.util.ServiceLoader},
 * and the pieces every store needs so that a store's author writes storage code only:
 * {@link io.tokenstore.spi.TokenField} (the table of the ten fields: names, traits, text form),
 * {@link io.tokenstore.spi.MatchKey} (the match-key rule), {@link io.tokenstore.spi.Tokens} (merge, the save
 * rules, id generation), {@link io.tokenstore.spi.StoreUri} (URI and option parsing, credential masking) and
 * {@link io.tokenstore.spi.AbstractTokenStore} (argument checks, lifecycle and error wrapping).
 *
 * <p>Nothing is null unless marked {@code @Nullable}.
 */
@NullMarked
package io.tokenstore.spi;

import org.jspecify.annotations.NullMarked;
