package io.tokenstore.tck;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The contract rule a kit test verifies: its id in {@code docs/contract.md}, such as {@code "KEY-1"}. Tools that
 * report on a kit run (the runner, the kit's self-test) read it rather than parse display names, which may change.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Rule {
  /**
   * The rule's id.
   *
   * @return the id, such as {@code "KEY-1"}
   */
  String value();
}
