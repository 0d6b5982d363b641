package dev.atconnector.ingest.es;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Trusts a server whose certificate chain is anchored in the one certificate with a given SHA-256 fingerprint, as
 * Elasticsearch prints it at first start ({@code ES_CA_FINGERPRINT}).
 *
 * <p>Unlike a check that merely finds the fingerprint somewhere in the chain (a CA certificate is public, so anyone
 * can append it to their own chain), the chain is then validated with PKIX using that certificate as the only trust
 * anchor: the server's certificate must really be signed by it (and be in date). When the fingerprint is the
 * server's own certificate (a self-signed node), that certificate is its own anchor. Host names are checked
 * afterwards by the HTTP client as usual.
 */
final class PinnedTrustManager extends X509ExtendedTrustManager {
  private final byte[] fingerprint;

  PinnedTrustManager(String sha256Hex) {
    this.fingerprint = HexFormat.of().parseHex(Objects.requireNonNull(sha256Hex, "sha256Hex"));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the server sent no certificate");
    }
    X509Certificate anchor = null;
    for (X509Certificate cert : chain) {
      if (MessageDigest.isEqual(fingerprint, sha256(cert))) {
        anchor = cert;
        break;
      }
    }
    if (anchor == null) {
      throw new CertificateException("no certificate in the server's chain has the SHA-256 fingerprint of "
          + "ES_CA_FINGERPRINT (the server's is " + HexFormat.of().formatHex(sha256(chain[0])) + ")");
    }
    anchoredIn(anchor).checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("this trust manager only checks servers");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }

  static byte[] sha256(X509Certificate cert) throws CertificateEncodingException {
    try {
      return MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must support SHA-256", e);
    }
  }

  /** The JDK's PKIX trust manager with {@code anchor} as its only trusted certificate. */
  private static X509TrustManager anchoredIn(X509Certificate anchor) throws CertificateException {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry("pinned", anchor);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(store);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager x509) {
          return x509;
        }
      }
      throw new CertificateException("the JDK offers no X.509 trust manager");
    } catch (java.io.IOException | GeneralSecurityException e) {
      throw new CertificateException("cannot build a trust store for the pinned certificate", e);
    }
  }
}
