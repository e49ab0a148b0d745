package com.zoho.api.authenticator;

/**
 * Declaration of the Zoho Java SDK's token type, for compiling only. The SDK's own interface also declares
 * {@code generateToken}, {@code authenticate}, {@code remove} and {@code revoke}; the adapter never calls them, so
 * they are left out here rather than declared with types the adapter does not need.
 */
public interface Token {}
