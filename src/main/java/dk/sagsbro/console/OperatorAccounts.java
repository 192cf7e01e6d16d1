package dk.sagsbro.console;

import dk.sagsbro.gateway.GatewayConfig;
import dk.sagsbro.gateway.Locations;
import dk.sagsbro.audit.LogText;
import dk.sagsbro.operations.LoginGate;
import dk.sagsbro.operations.OperatorPasswords;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The operator accounts for form login (the embedded default): names and PBKDF2 password hashes from
 * {@code sagsbro.console.operators-file}. Every account has the operator role.
 */
@ApplicationScoped
public class OperatorAccounts implements IdentityProvider<UsernamePasswordAuthenticationRequest> {
    public static final String ROLE = "operator";

    private final Map<String, String> hashes;
    private final LoginGate gate;

    public OperatorAccounts(GatewayConfig config, java.time.Clock clock) {
        this.hashes = load(config.console().operatorsFile());
        this.gate = new LoginGate(clock);
    }

    /** The client's address as the connection shows it (a proxy in front must be configured to forward it). */
    private static String clientAddress(UsernamePasswordAuthenticationRequest request) {
        io.vertx.ext.web.RoutingContext routing = io.quarkus.vertx.http.runtime.security.HttpSecurityUtils
                .getRoutingContextAttribute(request);
        if (routing == null || routing.request().remoteAddress() == null) {
            return "unknown";
        }
        return routing.request().remoteAddress().hostAddress();
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        // PBKDF2 is deliberately slow: off the I/O thread.
        String address = clientAddress(request);
        return context.runBlocking(() -> {
            String name = request.getUsername();
            LoginGate.Attempt attempt = gate.tryEnter(address, name);
            if (attempt == null) {
                Log.warnf("operator login for '%s' from %s refused: too many attempts", LogText.of(name), address);
                throw new AuthenticationFailedException();
            }
            try (attempt) {
                String hash = hashes.get(name);
                boolean matches = OperatorPasswords.matches(request.getPassword().getPassword(),
                        hash != null ? hash : UnknownAccount.HASH);
                if (hash == null || !matches) {
                    attempt.failed();
                    Log.infof("operator login refused for '%s' from %s", LogText.of(name), address);
                    throw new AuthenticationFailedException();
                }
                attempt.succeeded();
            }
            return operator(request.getUsername());
        });
    }

    /** Whether the account exists now: a session cookie of an operator since removed no longer counts. */
    boolean exists(String name) {
        return hashes.containsKey(name);
    }

    static SecurityIdentity operator(String name) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(name)).addRole(ROLE).build();
    }

    /**
     * Checked against for unknown names too, so that the answer takes as long and tells no names apart. Derived on
     * first use, which is off the I/O thread; as a plain static it was derived (seconds of PBKDF2) on whichever
     * event-loop thread first touched this class.
     */
    private static final class UnknownAccount {
        static final String HASH = OperatorPasswords.hash("unknown account".toCharArray());
    }

    private static Map<String, String> load(String location) {
        Properties accounts = new Properties();
        try (InputStream in = Locations.open(location)) {
            accounts.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("sagsbro.console.operators-file: " + e.getMessage(), e);
        }
        Map<String, String> hashes = new TreeMap<>();
        accounts.stringPropertyNames().forEach(name -> hashes.put(name, accounts.getProperty(name).trim()));
        return hashes;
    }
}
