package dk.sagsbro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.sagsbro.acknowledgement.AcknowledgementKind;
import dk.sagsbro.acknowledgement.RejectionReason;
import dk.sagsbro.packet.DigestAlgorithm;
import dk.sagsbro.packet.PacketVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/** The commands that call a gateway over mutual TLS with the municipality's certificate. */
final class GatewayCommands {
    private GatewayCommands() {
    }

    /** What every gateway command shares: where the gateway is, the credentials, and how answers are shown. */
    abstract static class GatewayCommand implements Callable<Integer> {
        final CliContext context;

        @Spec
        CommandSpec command;

        @Mixin
        GatewayOptions gateway;

        @Mixin
        CredentialOptions credentials;

        GatewayCommand(CliContext context) {
            this.context = context;
        }

        <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler)
                throws IOException {
            return gateway.send(context, credentials, request.build(), handler);
        }

        HttpRequest.Builder to(String pathAndQuery) {
            return HttpRequest.newBuilder(gateway.resolve(pathAndQuery));
        }

        /** Prints the gateway's answer; 2xx is done, 4xx refused, anything else a failure to retry later. */
        int print(HttpResponse<String> response) {
            boolean ok = response.statusCode() < 300;
            (ok ? context.out() : context.err()).println(response.statusCode() + " " + response.body());
            return exitCodeOf(response.statusCode());
        }

        static int exitCodeOf(int status) {
            return status < 300 ? SagsbroCli.DONE : status < 500 ? SagsbroCli.REFUSED : SagsbroCli.FAILED;
        }

        String transferPath(String id, String rest) {
            try {
                return "/api/v1/transfers/" + UUID.fromString(id) + rest;
            } catch (IllegalArgumentException e) {
                throw new ParameterException(command.commandLine(),
                        "TRANSFER-ID must be a UUID such as 6f1c2a7e-5b0e-4d43-9a36-0d6f1f6d2a01; got '" + id + "'");
            }
        }

        static String query(Map<String, Object> parameters) {
            StringBuilder query = new StringBuilder();
            parameters.forEach((name, value) -> {
                if (value != null) {
                    query.append(query.length() == 0 ? '?' : '&').append(name).append('=')
                            .append(URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
                }
            });
            return query.toString();
        }
    }

    /** Paging options of the list commands. */
    static final class Paging {
        @Option(names = "--page", paramLabel = "N", defaultValue = "0", description = "the page, from 0")
        int page;

        @Option(names = "--size", paramLabel = "N", defaultValue = "50",
                description = "transfers per page (default: ${DEFAULT-VALUE})")
        int size;
    }

    /** A page of a list the gateway keeps, with the command's own filters. */
    abstract static class ListCommand extends GatewayCommand {
        @Mixin
        private Paging paging;

        ListCommand(CliContext context) {
            super(context);
        }

        abstract String path();

        /** The command's filters as query parameters; a null value is left out. */
        abstract Map<String, Object> filters();

        @Override
        public Integer call() throws IOException {
            Map<String, Object> parameters = new LinkedHashMap<>(filters());
            parameters.put("page", paging.page);
            parameters.put("size", paging.size);
            return print(send(to(path() + query(parameters)).GET(), HttpResponse.BodyHandlers.ofString()));
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = "Submits a signed container; prints the gateway's answer, or every problem it found.")
    static final class Submit extends GatewayCommand {
        @Parameters(paramLabel = "PACKET", description = "the container (.asice)")
        private Path packet;

        Submit(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() throws IOException {
            return print(send(to("/api/v1/transfers").header("Content-Type", PacketVerifier.MEDIA_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofFile(packet)), HttpResponse.BodyHandlers.ofString()));
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Shows one transfer: its state, deadlines and timeline.")
    static final class Status extends GatewayCommand {
        @Parameters(paramLabel = "TRANSFER-ID")
        private String id;

        Status(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() throws IOException {
            return print(send(to(transferPath(id, "")).GET(), HttpResponse.BodyHandlers.ofString()));
        }
    }

    enum Role { sender, receiver }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the transfers your municipality sent or receives.")
    static final class ListTransfers extends ListCommand {
        @Option(names = "--role", paramLabel = "ROLE", defaultValue = "sender",
                description = "sender or receiver (default: ${DEFAULT-VALUE})")
        private Role role;

        @Option(names = "--status", paramLabel = "STATUS", description = "only transfers in this state")
        private String status;

        ListTransfers(CliContext context) {
            super(context);
        }

        @Override
        String path() {
            return "/api/v1/transfers";
        }

        @Override
        Map<String, Object> filters() {
            Map<String, Object> filters = new LinkedHashMap<>();
            filters.put("role", role);
            filters.put("status", status);
            return filters;
        }
    }

    enum Standing { on_time, reminded, overdue, closed }

    @Command(name = "central", mixinStandardHelpOptions = true,
            description = "Every transfer of your municipality, in and out, with its deadlines (the central unit's "
                    + "view).")
    static final class Central extends ListCommand {
        @Option(names = "--standing", paramLabel = "STANDING",
                description = "only transfers whose deadlines stand so: ${COMPLETION-CANDIDATES}")
        private Standing standing;

        @Option(names = "--status", paramLabel = "STATUS", description = "only transfers in this state")
        private String status;

        Central(CliContext context) {
            super(context);
        }

        @Override
        String path() {
            return "/api/v1/municipality/transfers";
        }

        @Override
        Map<String, Object> filters() {
            Map<String, Object> filters = new LinkedHashMap<>();
            filters.put("standing", standing);
            filters.put("status", status);
            return filters;
        }
    }

    @Command(name = "inbox", mixinStandardHelpOptions = true,
            description = "The transfers waiting for your municipality to fetch them.")
    static final class Inbox extends ListCommand {
        Inbox(CliContext context) {
            super(context);
        }

        @Override
        String path() {
            return "/api/v1/inbox";
        }

        @Override
        Map<String, Object> filters() {
            return Map.of();
        }
    }

    /** A signed document of a transfer, saved to a file. */
    abstract static class SignedDocument extends GatewayCommand {
        @Parameters(paramLabel = "TRANSFER-ID")
        String id;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "where to write it")
        Path target;

        SignedDocument(CliContext context) {
            super(context);
        }

        int save(String document, String howToCheck) throws IOException {
            HttpResponse<byte[]> response = send(to(transferPath(id, "/" + document)).GET(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                context.err().println(response.statusCode() + " "
                        + new String(response.body(), StandardCharsets.UTF_8));
                return exitCodeOf(response.statusCode());
            }
            Files.write(target, response.body());
            context.out().println(document + " written to " + target + "; check it with: " + howToCheck);
            return SagsbroCli.DONE;
        }
    }

    @Command(name = "receipt", mixinStandardHelpOptions = true,
            description = "Saves the gateway's signed receipt for a submitted transfer.")
    static final class Receipt extends SignedDocument {
        Receipt(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() throws IOException {
            return save("receipt", "openssl cms -verify -inform DER -in " + target + " -CAfile <the gateway's CA>");
        }
    }

    @Command(name = "evidence", mixinStandardHelpOptions = true,
            description = "Saves the signed evidence bundle of a transfer: who got what, when.")
    static final class Evidence extends SignedDocument {
        Evidence(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() throws IOException {
            return save("evidence", "sagsbro-cli verify-evidence " + target + " --trust <the gateway's CA>");
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Downloads a transfer's packet and checks it against the digest the gateway states.")
    static final class Fetch extends GatewayCommand {
        @Parameters(paramLabel = "TRANSFER-ID")
        private String id;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "where to write the packet")
        private Path target;

        Fetch(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() throws IOException {
            // Downloaded beside the target and moved over it only once verified: a failed or corrupt download never
            // leaves a file behind, nor destroys or mixes with one that was there.
            Path partial = target.resolveSibling(target.getFileName() + ".part");
            try {
                HttpResponse<Path> response = send(to(transferPath(id, "/packet")).GET(),
                        HttpResponse.BodyHandlers.ofFile(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                                StandardOpenOption.TRUNCATE_EXISTING));
                if (response.statusCode() != 200) {
                    context.err().println(response.statusCode() + " " + Files.readString(partial));
                    return exitCodeOf(response.statusCode());
                }
                String stated = response.headers().firstValue("Repr-Digest").orElse("");
                if (!digestOf(partial).equals(stated)) {
                    context.err().println("error: the download does not match the digest the gateway states; "
                            + "discarded");
                    return SagsbroCli.REFUSED;
                }
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
                context.out().println("packet written to " + target + " (" + Files.size(target)
                        + " bytes, digest verified)");
                return SagsbroCli.DONE;
            } finally {
                Files.deleteIfExists(partial);
            }
        }

        private static String digestOf(Path file) throws IOException {
            MessageDigest sha256 = DigestAlgorithm.SHA256.newDigest();
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    sha256.update(buffer, 0, n);
                }
            }
            return "sha-256=:" + Base64.getEncoder().encodeToString(sha256.digest()) + ":";
        }
    }

    @Command(name = "ack", mixinStandardHelpOptions = true,
            description = "Signs an acknowledgement of a transfer with your municipality's key and sends it.")
    static final class Acknowledge extends GatewayCommand {
        @Parameters(paramLabel = "TRANSFER-ID")
        private String id;

        @Option(names = "--kind", required = true, paramLabel = "KIND", description = "${COMPLETION-CANDIDATES}")
        private AcknowledgementKind kind;

        @Option(names = "--reason", paramLabel = "REASON",
                description = "why it is rejected (with --kind REJECTED): ${COMPLETION-CANDIDATES}")
        private RejectionReason reason;

        @Option(names = "--text", paramLabel = "TEXT", description = "the rejection explained in words")
        private String text;

        @Option(names = "--right-municipality", paramLabel = "CODE",
                description = "where the case belongs (WRONG_MUNICIPALITY) or the family moved on to (NOT_RESIDENT)")
        private String rightMunicipality;

        Acknowledge(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() throws IOException {
            boolean rejected = kind == AcknowledgementKind.REJECTED;
            if (rejected && reason == null) {
                throw new ParameterException(command.commandLine(), "--kind REJECTED needs --reason");
            }
            if (!rejected && (reason != null || text != null || rightMunicipality != null)) {
                throw new ParameterException(command.commandLine(),
                        "--reason, --text and --right-municipality go only with --kind REJECTED");
            }
            HttpResponse<String> transfer = send(to(transferPath(id, "")).GET(), HttpResponse.BodyHandlers.ofString());
            if (transfer.statusCode() != 200) {
                return print(transfer);
            }
            ObjectMapper json = new ObjectMapper();
            JsonNode digest = json.readTree(transfer.body()).get("packetDigest");
            Map<String, String> statement = new LinkedHashMap<>();
            statement.put("transferId", UUID.fromString(id).toString());
            statement.put("packetDigest", digest == null ? "" : digest.asText());
            statement.put("kind", kind.name());
            if (reason != null) {
                statement.put("reasonCode", reason.name());
            }
            if (text != null) {
                statement.put("reasonText", text);
            }
            if (rightMunicipality != null) {
                statement.put("rightMunicipality", rightMunicipality);
            }
            byte[] signed = credentials.read(context).signer().signEncapsulated(json.writeValueAsBytes(statement));
            return print(send(to(transferPath(id, "/acknowledgements")).header("Content-Type", "application/pkcs7-mime")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(signed)), HttpResponse.BodyHandlers.ofString()));
        }
    }
}
