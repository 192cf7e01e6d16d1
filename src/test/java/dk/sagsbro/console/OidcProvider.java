package dk.sagsbro.console;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The console with OpenID Connect login, against an identity provider played by WireMock on loopback: discovery,
 * keys, and a token endpoint that answers any code with an ID token for "kirsten", who has the provider's role
 * "sagsbro-operator" (mapped to the console's "operator").
 */
public class OidcProvider implements QuarkusTestProfile {
    static final String CLIENT_ID = "sagsbro-console";
    static WireMockServer provider;

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Server.class));
    }

    public static class Server implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                provider = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
                provider.start();
                String issuer = provider.baseUrl() + "/realms/sagsbro";
                RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
                key.setKeyId("example-key");
                key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
                provider.stubFor(get(urlEqualTo("/realms/sagsbro/.well-known/openid-configuration")).willReturn(
                        aResponse().withHeader("Content-Type", "application/json").withBody("{\"issuer\":\"" + issuer
                                + "\",\"authorization_endpoint\":\"" + issuer + "/auth\",\"token_endpoint\":\""
                                + issuer + "/token\",\"jwks_uri\":\"" + issuer + "/keys\"}")));
                provider.stubFor(get(urlEqualTo("/realms/sagsbro/keys")).willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"keys\":[" + key.toJson() + "]}")));
                String idToken = token(key, issuer);
                provider.stubFor(post(urlPathEqualTo("/realms/sagsbro/token")).willReturn(aResponse()
                        .withHeader("Content-Type", "application/json").withBody("{\"access_token\":\"" + idToken
                                + "\",\"id_token\":\"" + idToken + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
                return Map.ofEntries(Map.entry("sagsbro.console.authentication", "code"),
                        Map.entry("quarkus.oidc.tenant-enabled", "true"),
                        Map.entry("quarkus.oidc.auth-server-url", issuer),
                        Map.entry("quarkus.oidc.client-id", CLIENT_ID),
                        Map.entry("quarkus.oidc.credentials.secret", "example-client-secret-of-at-least-32-chars"),
                        Map.entry("quarkus.oidc.roles.role-claim-path", "roles"),
                        Map.entry("quarkus.http.auth.roles-mapping.\"sagsbro-operator\"", "operator"),
                        Map.entry("sagsbro.data-dir", "./target/test-data-oidc"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static String token(RsaJsonWebKey key, String issuer) throws Exception {
            JwtClaims claims = new JwtClaims();
            claims.setIssuer(issuer);
            claims.setAudience(CLIENT_ID);
            claims.setSubject("3f6e1c1e-operator-kirsten");
            claims.setClaim("preferred_username", "kirsten");
            claims.setStringListClaim("roles", "sagsbro-operator");
            claims.setIssuedAtToNow();
            claims.setExpirationTimeMinutesInTheFuture(60);
            claims.setGeneratedJwtId();
            JsonWebSignature signature = new JsonWebSignature();
            signature.setPayload(claims.toJson());
            signature.setKey(key.getPrivateKey());
            signature.setKeyIdHeaderValue(key.getKeyId());
            signature.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            return signature.getCompactSerialization();
        }

        @Override
        public void stop() {
            provider.stop();
        }
    }
}
