/**
 * The SQL store: one implementation of the contract for every SQL backend, with a {@link
 * io.tokenstore.sql.internal.Dialect} for what differs. Not API: public only so that the SQLite and JDBC provider
 * modules can use it; anything here may change in any release.
 */
@NullMarked
package io.tokenstore.sql.internal;

import org.jspecify.annotations.NullMarked;
