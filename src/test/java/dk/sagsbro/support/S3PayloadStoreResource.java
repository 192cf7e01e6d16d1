package dk.sagsbro.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** A real S3 API server on loopback with a fresh bucket, and the gateway's payload store switched to it. */
public class S3PayloadStoreResource implements QuarkusTestResourceLifecycleManager {
    private S3Server server;

    @Override
    public Map<String, String> start() {
        server = S3Server.started();
        return server.gatewayConfiguration(server.freshBucket());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
