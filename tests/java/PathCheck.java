/*
 * PathCheck.java: a relying party on the JDK, as the tendering platforms
 * that are Java applications check a certificate: PKIX path validation
 * with revocation checking on (the JDK's default), every CRL of the chain
 * given as a CertStore, OCSP and CRL fetching off (no network).
 *
 *   java PathCheck ROOT.crt CA.crt CERT.pem CRL...
 *
 * Prints "VALID", or "REVOKED <reason>" (exit 1), or "INVALID <why>"
 * (exit 2).
 */
import java.io.FileInputStream;
import java.security.Security;
import java.security.cert.CRL;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

public final class PathCheck {
	private static X509Certificate cert(CertificateFactory cf, String path)
	    throws Exception {
		try (FileInputStream in = new FileInputStream(path)) {
			return (X509Certificate) cf.generateCertificate(in);
		}
	}

	public static void main(String[] args) throws Exception {
		Security.setProperty("ocsp.enable", "false");
		System.setProperty("com.sun.security.enableCRLDP", "false");
		CertificateFactory cf = CertificateFactory.getInstance("X.509");
		X509Certificate root = cert(cf, args[0]);
		X509Certificate ca = cert(cf, args[1]);
		X509Certificate leaf = cert(cf, args[2]);
		List<Object> store = new ArrayList<>();
		store.add(ca);
		for (int i = 3; i < args.length; i++) {
			try (FileInputStream in = new FileInputStream(args[i])) {
				CRL crl = cf.generateCRL(in);
				store.add(crl);
			}
		}
		List<X509Certificate> chain = new ArrayList<>();
		chain.add(leaf);
		chain.add(ca);
		CertPath path = cf.generateCertPath(chain);
		PKIXParameters params = new PKIXParameters(
		    Collections.singleton(new TrustAnchor(root, null)));
		params.setRevocationEnabled(true);
		params.addCertStore(CertStore.getInstance("Collection",
		    new CollectionCertStoreParameters(store)));
		try {
			CertPathValidator.getInstance("PKIX").validate(path, params);
			System.out.println("VALID");
		} catch (CertPathValidatorException e) {
			if (e.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
				String msg = e.getMessage();
				System.out.println("REVOKED at index " + e.getIndex() +
				    ": " + msg);
				System.exit(1);
			}
			System.out.println("INVALID index " + e.getIndex() + ": " +
			    e.getReason() + ": " + e.getMessage());
			System.exit(2);
		}
	}
}
