package dk.sagsbro.api;

import dk.sagsbro.problem.ApiException;

import dk.sagsbro.problem.ProblemType;
import jakarta.enterprise.context.RequestScoped;

/** The municipality behind the current request, as its client certificate says. */
@RequestScoped
public class CallingMunicipality {
    private String code;

    void identify(String municipalityCode) {
        this.code = municipalityCode;
    }

    public String code() {
        if (code == null) {
            throw new ApiException(ProblemType.CLIENT_CERTIFICATE_REQUIRED,
                    "call over mutual TLS with your municipality's certificate");
        }
        return code;
    }
}
