/**
 * Encryption at rest: {@link io.tokenstore.encryption.Keysets} makes, rotates and applies keysets; the rest is the
 * decorator that {@link io.tokenstore.TokenStores#open} puts around a store given the option {@code keyset}.
 */
@NullMarked
package io.tokenstore.encryption;

import org.jspecify.annotations.NullMarked;
