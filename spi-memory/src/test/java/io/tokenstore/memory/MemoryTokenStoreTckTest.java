package io.tokenstore.memory;

import io.tokenstore.tck.NamespacedStoreTck;

/** The whole kit on named memory stores, each test with names of its own. */
class MemoryTokenStoreTckTest extends NamespacedStoreTck {
  @Override
  protected String baseUri() {
    return "memory:";
  }
}
