package com.zoho.crm.api;

import com.zoho.crm.api.exception.SDKException;

/** Declaration of the Zoho Java SDK 8 {@code UserSignature}, for compiling only: the user a token belongs to. */
public class UserSignature {
  private final String name;

  public UserSignature(String name) throws SDKException {
    this.name = name;
  }

  public String getName() {
    return name;
  }
}
