package io.tokenstore.list;

import io.tokenstore.tck.NamespacedStoreTck;

/** The whole kit on named list stores, each test with names of its own. */
class ListTokenStoreTckTest extends NamespacedStoreTck {
  @Override
  protected String baseUri() {
    return "list:";
  }
}
