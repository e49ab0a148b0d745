package com.zoho.api.authenticator;

import com.zoho.crm.api.UserSignature;

/**
 * Declaration of the Zoho Java SDK 8 {@code OAuthToken}'s public constructor and accessors, for compiling only;
 * names and types as in the SDK's source. Holds the values and does nothing else (the SDK's class also talks to
 * Zoho's accounts server).
 */
public class OAuthToken implements Token {
  private String clientId;
  private String clientSecret;
  private String redirectUrl;
  private String grantToken;
  private String refreshToken;
  private String accessToken;
  private String expiresIn;
  private UserSignature userSignature;
  private String id;
  private String apiDomain;

  public OAuthToken() {}

  public String getClientId() {
    return clientId;
  }

  public void setClientId(String clientId) {
    this.clientId = clientId;
  }

  public String getClientSecret() {
    return clientSecret;
  }

  public void setClientSecret(String clientSecret) {
    this.clientSecret = clientSecret;
  }

  public String getRedirectURL() {
    return redirectUrl;
  }

  public void setRedirectURL(String redirectUrl) {
    this.redirectUrl = redirectUrl;
  }

  public String getGrantToken() {
    return grantToken;
  }

  public void setGrantToken(String grantToken) {
    this.grantToken = grantToken;
  }

  public String getRefreshToken() {
    return refreshToken;
  }

  public void setRefreshToken(String refreshToken) {
    this.refreshToken = refreshToken;
  }

  public String getAccessToken() {
    return accessToken;
  }

  public void setAccessToken(String accessToken) {
    this.accessToken = accessToken;
  }

  /** Epoch milliseconds as text, as the SDK keeps the expiry time. */
  public String getExpiresIn() {
    return expiresIn;
  }

  public void setExpiresIn(String expiresIn) {
    this.expiresIn = expiresIn;
  }

  public UserSignature getUserSignature() {
    return userSignature;
  }

  public void setUserSignature(UserSignature userSignature) {
    this.userSignature = userSignature;
  }

  public String getAPIDomain() {
    return apiDomain;
  }

  public void setAPIDomain(String apiDomain) {
    this.apiDomain = apiDomain;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }
}
