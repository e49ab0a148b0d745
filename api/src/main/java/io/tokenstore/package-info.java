/**
 * The token model and the store contract for applications: {@link io.tokenstore.OAuthToken},
 * {@link io.tokenstore.TokenStore} and {@link io.tokenstore.TokenStores}.
 *
 * <p>Nothing is null unless marked {@code @Nullable}. The exact contract, rule by rule, is in
 * {@code docs/contract.md}.
 */
@NullMarked
package io.tokenstore;

import org.jspecify.annotations.NullMarked;
