package io.tokenstore;

import io.tokenstore.internal.EncryptedValues;
import io.tokenstore.internal.ProviderRegistry;
import io.tokenstore.internal.Secrets;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.spi.TokenStoreDecorator;
import io.tokenstore.spi.TokenStoreProvider;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Opens stores by URI, with the providers found by {@link java.util.ServiceLoader} in the thread's context class
 * loader (or, without one, this library's): put a provider jar on the class path or module path and its schemes
 * work.
 *
 * <p>A URI is {@code SCHEME:BODY[?OPTION=VALUE&...]}; each provider documents its schemes and options. The
 * provider that declares the longest scheme prefixing the URI (followed by {@code ':'}) opens it. If two
 * providers declare the same scheme, the system property {@code tokenstore.provider} (a provider's name or class
 * name) chooses; without it the first by class name is taken and a warning is logged.
 *
 * <p>The option {@code keyset} (in the URI or the map) opens the store encrypted at rest, for every provider: it
 * needs {@code io.tokenstore:tokenstore-encryption} on the class path, which documents it.
 *
 * <p>Thread-safe; stateless: providers are looked up on each call, so jars added to a class loader later are
 * found.
 */
public final class TokenStores {
  // Decorator options known even when their module is missing, so that the error can say what to add.
  private static final Map<String, String> DECORATOR_ARTIFACTS = Map.of("keyset", "io.tokenstore:tokenstore-encryption");

  private TokenStores() {}

  /**
   * Opens the store a URI names.
   *
   * @param uri the store URI, such as {@code memory:} or {@code sqlite:tokens.db}
   * @return the open store, which the caller closes
   * @throws NullPointerException if {@code uri} is null
   * @throws IllegalArgumentException if no provider opens the scheme (the message lists those that exist), or an
   *     option is unknown or malformed
   * @throws TokenStoreException if the backend cannot be opened
   */
  public static TokenStore open(String uri) {
    return open(uri, Map.of());
  }

  /**
   * Opens the store a URI names, with options beside those in the URI's query.
   *
   * @param uri the store URI
   * @param options options; an option also in the URI must have the same value there
   * @return the open store, which the caller closes
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if no provider opens the scheme, or an option is unknown, malformed or
   *     given twice with different values
   * @throws TokenStoreException if the backend cannot be opened
   */
  public static TokenStore open(String uri, Map<String, String> options) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(options, "options");
    TokenStoreProvider provider = provider(uri);
    String lower = uri.toLowerCase(Locale.ROOT);
    for (String option : DECORATOR_ARTIFACTS.keySet()) {
      // Anything that could spell the option (another case, percent-encoded) is looked at, never passed through
      // to a driver that would ignore it and open the store unencrypted.
      if (options.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(option)) || lower.contains(option)
          || lower.contains("%")) {
        return openDecorated(uri, options, provider, option);
      }
    }
    return openPlain(uri, options, provider);
  }

  private static TokenStore openDecorated(String uri, Map<String, String> options, TokenStoreProvider provider,
      String option) {
    StoreUri parsed = StoreUri.parse(uri, Map.of(), provider.schemes(), Set.of(option), true);
    for (String name : parsed.passthrough().keySet()) {
      refuseLookalike(decodedName(name), option);
    }
    options.keySet().forEach(name -> refuseLookalike(name, option));
    String value = parsed.option(option).orElse(null);
    String inMap = options.get(option);
    if (value != null && inMap != null && !value.equals(inMap)) {
      throw new IllegalArgumentException("option '" + option
          + "' is given in the uri and in the options map with different values");
    }
    String given = value != null ? value : inMap;
    if (given == null) {
      return openPlain(uri, options, provider); // the name was only part of another value
    }
    TokenStoreDecorator decorator = decorator(option);
    String inner = StoreUri.withoutOption(uri, option);
    Map<String, String> innerOptions = new HashMap<>(options);
    innerOptions.remove(option);
    UnaryOperator<TokenStore> wrapper = Objects.requireNonNull(
        decorator.wrapper(given, inner, Map.copyOf(innerOptions), provider),
        () -> decorator.getClass().getName() + ".wrapper returned null");
    TokenStore store = EncryptedValues.openForDecorator(() -> openPlain(inner, innerOptions, provider));
    try {
      return Objects.requireNonNull(wrapper.apply(store),
          () -> decorator.getClass().getName() + "'s wrapper returned null");
    } catch (RuntimeException e) {
      closeAfter(store, e);
      throw Secrets.scrub(e, Secrets.of(uri));
    } catch (Error e) {
      closeAfter(store, e);
      throw e;
    }
  }

  private static void closeAfter(TokenStore store, Throwable failure) {
    try {
      store.close();
    } catch (RuntimeException suppressed) {
      failure.addSuppressed(suppressed);
    }
  }

  private static void refuseLookalike(String name, String option) {
    if (!name.equals(option) && name.equalsIgnoreCase(option)) {
      throw new IllegalArgumentException("option '" + name + "' is not '" + option + "': option names are "
          + "case-sensitive");
    }
  }

  private static String decodedName(String raw) {
    try {
      return java.net.URLDecoder.decode(raw.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return raw;
    }
  }

  private static TokenStoreDecorator decorator(String option) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    for (TokenStoreDecorator d : ServiceLoader.load(TokenStoreDecorator.class,
        loader != null ? loader : TokenStores.class.getClassLoader())) {
      if (d.option().equals(option)) {
        return d;
      }
    }
    throw new IllegalArgumentException("option '" + option + "' needs " + DECORATOR_ARTIFACTS.get(option)
        + " on the class path");
  }

  private static TokenStore openPlain(String uri, Map<String, String> options, TokenStoreProvider provider) {
    try {
      return Objects.requireNonNull(provider.open(uri, Map.copyOf(options)),
          () -> provider.getClass().getName() + ".open returned null");
    } catch (TokenStoreException | IllegalArgumentException e) {
      // Providers scrub their own; this catches a driver's message quoting the password that one let through.
      throw Secrets.scrub(e, Secrets.of(uri));
    } catch (RuntimeException e) {
      throw Secrets.scrub(new TokenStoreException("open failed for " + StoreUri.mask(uri) + " (provider "
          + provider.name() + "): " + e.getClass().getName(), e), Secrets.of(uri));
    }
  }

  /**
   * Returns the provider that {@link #open(String)} would use for a URI.
   *
   * @param uri the store URI
   * @return the provider
   * @throws IllegalArgumentException if no provider opens the scheme
   */
  public static TokenStoreProvider provider(String uri) {
    Objects.requireNonNull(uri, "uri");
    return registry().select(uri);
  }

  /**
   * Returns every provider found, sorted by class name. Providers that fail to load are left out and logged.
   *
   * @return the providers, unmodifiable
   */
  public static List<TokenStoreProvider> providers() {
    return registry().providers();
  }

  private static ProviderRegistry registry() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return ProviderRegistry.load(loader != null ? loader : TokenStores.class.getClassLoader());
  }
}
