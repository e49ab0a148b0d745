package com.example.tokens;

import io.tokenstore.tck.NamespacedStoreTck;

/** The whole compatibility kit on the example store: each test in namespaces of its own. */
class ExampleTokenStoreTest extends NamespacedStoreTck {
  @Override
  protected String baseUri() {
    return "example:tests";
  }
}
