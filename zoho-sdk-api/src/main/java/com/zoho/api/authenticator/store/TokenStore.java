package com.zoho.api.authenticator.store;

import com.zoho.api.authenticator.Token;
import com.zoho.crm.api.exception.SDKException;
import java.util.List;

/** Declaration of the Zoho Java SDK 8 store interface, for compiling only; signatures as in the SDK's source. */
public interface TokenStore {
  Token findToken(Token token) throws SDKException;

  void saveToken(Token token) throws SDKException;

  void deleteToken(String id) throws SDKException;

  List<Token> getTokens() throws SDKException;

  void deleteTokens() throws SDKException;

  Token findTokenById(String id) throws SDKException;
}
