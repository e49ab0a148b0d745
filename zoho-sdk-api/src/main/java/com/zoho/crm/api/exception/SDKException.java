package com.zoho.crm.api.exception;

/**
 * Declaration of the Zoho Java SDK's exception, for compiling only: the constructors the adapter calls and the
 * code accessor, as in the SDK's source.
 */
public class SDKException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String code;

  public SDKException(String code, String message, Exception cause) {
    super(message, cause);
    this.code = code;
  }

  public SDKException(String code, String message) {
    this(code, message, null);
  }

  public String getCode() {
    return code;
  }
}
