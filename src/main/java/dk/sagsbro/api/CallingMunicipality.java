package dk.sagsbro.api;

import dk.sagsbro.problem.ApiException;

import dk.sagsbro.problem.ProblemType;
import jakarta.enterprise.context.RequestScoped;

/** The municipality behind the current request, as its client certificate says. */
@RequestScoped
public class CallingMunicipality {
    private String code;
    private String certificate;

    void identify(String municipalityCode, java.security.cert.X509Certificate clientCertificate) {
        this.code = municipalityCode;
        this.certificate = clientCertificate.getIssuerX500Principal().getName() + " #"
                + clientCertificate.getSerialNumber().toString(16);
    }

    /** The client certificate's issuer and serial number (hexadecimal), as the audit trail records the caller. */
    public String certificate() {
        code();
        return certificate;
    }

    public String code() {
        if (code == null) {
            throw new ApiException(ProblemType.CLIENT_CERTIFICATE_REQUIRED,
                    "call over mutual TLS with your municipality's certificate");
        }
        return code;
    }
}
