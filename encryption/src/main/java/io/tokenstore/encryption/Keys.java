package io.tokenstore.encryption;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.daead.AesSivParameters;
import com.google.crypto.tink.daead.DeterministicAeadConfig;
import io.tokenstore.TokenStoreException;
import io.tokenstore.internal.EncryptedValues;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One keyset's keys, split by use: AES-SIV keys encrypt the values stores look records up by (deterministic, so
 * equal values give equal ciphertexts and the backend's index and uniqueness keep working), AES-GCM keys the
 * client secret (randomized). Each has a primary (new writes); any enabled key decrypts. A value is
 * {@value EncryptedValues#PREFIX} and the base64url of Tink's ciphertext, whose first five bytes name the key.
 * Associated data binds each value to its field and the store's namespace.
 */
final class Keys {
  static final String SIV = "AES256_SIV";
  static final String GCM = "AES256_GCM";

  static {
    register();
  }

  /** Registers the two key types with Tink (idempotent); before any keyset is made or read. */
  static void register() {
    try {
      DeterministicAeadConfig.register();
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  // Primary first, then the others in keyset order: the order lookups probe in.
  private final Map<Integer, DeterministicAead> siv = new LinkedHashMap<>();
  private final Map<Integer, Aead> gcm = new LinkedHashMap<>();
  private final int sivPrimary;
  private final int gcmPrimary;
  private final List<Integer> lookupKeys;

  /** Splits a keyset; throws IllegalArgumentException if it is not one {@link Keysets#create} would make. */
  Keys(KeysetHandle handle) {
    try {
      int primary = handle.getPrimary().getId();
      if (!(handle.getPrimary().getKey().getParameters() instanceof AesSivParameters)) {
        throw new IllegalArgumentException("its primary key is not " + SIV);
      }
      siv.put(primary, single(handle.getPrimary()).getPrimitive(RegistryConfiguration.get(), DeterministicAead.class));
      int lastGcm = 0;
      for (int i = 0; i < handle.size(); i++) {
        KeysetHandle.Entry e = handle.getAt(i);
        if (e.getStatus() != KeyStatus.ENABLED) {
          continue;
        }
        Object parameters = e.getKey().getParameters();
        // The TINK prefix (0x01 and the key id) is how a stored value names its key: no other variant.
        boolean tinkPrefix = parameters instanceof AesSivParameters siv
            ? siv.getVariant() == AesSivParameters.Variant.TINK
            : parameters instanceof AesGcmParameters gcm && gcm.getVariant() == AesGcmParameters.Variant.TINK;
        if (!tinkPrefix && (parameters instanceof AesSivParameters || parameters instanceof AesGcmParameters)) {
          throw new IllegalArgumentException("key " + Integer.toUnsignedString(e.getId())
              + " does not have Tink's TINK output prefix");
        }
        boolean aes256 = parameters instanceof AesSivParameters siv ? siv.getKeySizeBytes() == 64
            : !(parameters instanceof AesGcmParameters gcm) || gcm.getKeySizeBytes() == 32;
        if (!aes256) {
          throw new IllegalArgumentException("key " + Integer.toUnsignedString(e.getId()) + " is not AES-256");
        }
        if (parameters instanceof AesSivParameters) {
          siv.putIfAbsent(e.getId(), single(e).getPrimitive(RegistryConfiguration.get(), DeterministicAead.class));
        } else if (parameters instanceof AesGcmParameters) {
          gcm.put(e.getId(), single(e).getPrimitive(RegistryConfiguration.get(), Aead.class));
          lastGcm = e.getId();
        } else {
          throw new IllegalArgumentException("key " + e.getId() + " is neither " + SIV + " nor " + GCM);
        }
      }
      if (gcm.isEmpty()) {
        throw new IllegalArgumentException("it has no enabled " + GCM + " key");
      }
      // The newest: rotation appends a key of each kind, and Tink keeps the order.
      this.gcmPrimary = lastGcm;
      this.sivPrimary = primary;
      this.lookupKeys = List.copyOf(siv.keySet());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("its keys cannot be used: " + e.getClass().getSimpleName());
    }
  }

  private static KeysetHandle single(KeysetHandle.Entry e) throws GeneralSecurityException {
    return KeysetHandle.newBuilder()
        .addEntry(KeysetHandle.importKey(e.getKey()).withFixedId(e.getId()).makePrimary()).build();
  }

  /** The deterministic ids, primary first. */
  List<Integer> lookupKeys() {
    return lookupKeys; // on every find and save: made once
  }

  int sivPrimary() {
    return sivPrimary;
  }

  int gcmPrimary() {
    return gcmPrimary;
  }

  boolean holds(int keyId) {
    return siv.containsKey(keyId) || gcm.containsKey(keyId);
  }

  /** Encrypts a value looked up by, under one deterministic key. */
  String sealLookup(int keyId, String value, byte[] associated) {
    try {
      return encode(Objects.requireNonNull(siv.get(keyId), "key id").encryptDeterministically(value.getBytes(StandardCharsets.UTF_8), associated));
    } catch (GeneralSecurityException e) {
      throw new TokenStoreException("encryption failed: " + e.getClass().getSimpleName(), e);
    }
  }

  /** Encrypts a value never looked up by (the client secret), randomized, under the newest AES-GCM key. */
  String sealSecret(String value, byte[] associated) {
    try {
      return encode(Objects.requireNonNull(gcm.get(gcmPrimary), "primary key").encrypt(value.getBytes(StandardCharsets.UTF_8), associated));
    } catch (GeneralSecurityException e) {
      throw new TokenStoreException("encryption failed: " + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * The key id a stored value names, or -1 if it is not in the encrypted format.
   */
  static int keyId(String stored) {
    if (!EncryptedValues.isEncrypted(stored)) {
      return -1;
    }
    byte[] bytes;
    try {
      bytes = DECODER.decode(stored.substring(EncryptedValues.PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return -1;
    }
    return bytes.length > 5 && bytes[0] == 1 ? ByteBuffer.wrap(bytes, 1, 4).getInt() : -1;
  }

  /**
   * Decrypts a stored value.
   *
   * @throws GeneralSecurityException if it is not in the format, names a key this keyset lacks, or does not
   *     decrypt with this field's and namespace's associated data
   */
  String open(String stored, byte[] associated) throws GeneralSecurityException {
    int id = keyId(stored);
    byte[] bytes = id == -1 ? null : DECODER.decode(stored.substring(EncryptedValues.PREFIX.length()));
    if (bytes == null) {
      throw new GeneralSecurityException("not an encrypted value");
    }
    byte[] plain;
    if (siv.containsKey(id)) {
      plain = siv.get(id).decryptDeterministically(bytes, associated);
    } else if (gcm.containsKey(id)) {
      plain = gcm.get(id).decrypt(bytes, associated);
    } else {
      throw new GeneralSecurityException("key " + id + " is not in the keyset");
    }
    return new String(plain, StandardCharsets.UTF_8);
  }

  private static String encode(byte[] ciphertext) {
    return EncryptedValues.PREFIX + ENCODER.encodeToString(ciphertext);
  }
}
