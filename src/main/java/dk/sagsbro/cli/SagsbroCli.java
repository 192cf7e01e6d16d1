package dk.sagsbro.cli;

import dk.sagsbro.signature.TlsContexts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dk.sagsbro.completeness.CompletenessCheck;
import dk.sagsbro.completeness.CompletenessPolicy;
import dk.sagsbro.evidence.EvidenceVerifier;
import dk.sagsbro.metadata.CaseMetadataReader;
import dk.sagsbro.packet.AsicPacker;
import dk.sagsbro.packet.ContainerScanner;
import dk.sagsbro.packet.PacketLimits;
import dk.sagsbro.packet.PacketVerifier;
import dk.sagsbro.problem.Problem;
import dk.sagsbro.registry.Municipalities;
import dk.sagsbro.registry.MunicipalityRegistry;
import dk.sagsbro.signature.CmsSignatureVerifier;
import dk.sagsbro.signature.Pem;
import dk.sagsbro.signature.TrustAnchors;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The integrators' command-line client: pack and verify containers offline, and submit them and follow them on a
 * gateway over mutual TLS. Run {@code java -jar target/sagsbro-cli.jar help}.
 */
public final class SagsbroCli {
    private static final String USAGE = """
            usage: java -jar sagsbro-cli.jar <command> [options]

            commands:
              pack      --case case.json --documents DIR --out packet.asice  + signing credentials
              verify    PACKET [--trust ca.pem] [--registry registry.yaml] [--policy policy.json] [--submitter CODE]
              submit    PACKET                                               + gateway options
              status    TRANSFER-ID                                          + gateway options
              list      [--role sender|receiver] [--status STATUS] [--page N] [--size N]  + gateway options
              central   [--standing on_time|reminded|overdue|closed] [--status STATUS] [--page N] [--size N]
                        every transfer of your municipality, in and out, with its deadlines  + gateway options
              receipt   TRANSFER-ID --out receipt.p7m                        + gateway options
              evidence  TRANSFER-ID --out evidence.p7m                       + gateway options
              verify-evidence  FILE [--trust ca.pem]   checks a bundle offline: its signature, every receipt and
                               acknowledgement in it, and every audit entry's hash
              inbox     [--page N] [--size N]                                + gateway options
              fetch     TRANSFER-ID --out packet.asice                       + gateway options
              ack       TRANSFER-ID --kind RECEIVED|TAKEN_OVER|REJECTED      + gateway options
                        [--reason WRONG_MUNICIPALITY|NOT_RESIDENT|DUPLICATE|INCOMPLETE|UNREADABLE|OTHER --text TEXT
                         --right-municipality CODE]
              hash-password   reads an operator's password from standard input and prints the hash for the
                              operator accounts file (sagsbro.console.operators-file)

            credentials (signing, and the client certificate for the gateway):
              --cert municipality.crt.pem --key municipality.key.pem   or   --p12 file.p12 --password PW
            gateway options:
              --gateway https://localhost:8443   --ca certs-example/ca.crt.pem   + credentials
            """;

    private final java.io.InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    SagsbroCli(PrintStream out, PrintStream err) {
        this(System.in, out, err);
    }

    SagsbroCli(java.io.InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** Held so the setting below is not collected: the validator's start-up banner is noise on a command line. */
    private static final java.util.logging.Logger VALIDATOR_LOG =
            java.util.logging.Logger.getLogger("org.hibernate.validator");

    public static void main(String[] args) {
        VALIDATOR_LOG.setLevel(java.util.logging.Level.WARNING);
        System.exit(new SagsbroCli(System.out, System.err).run(args));
    }

    /** @return the process exit code: 0 success, 1 refused or invalid, 2 usage error */
    int run(String[] args) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            Options options = Options.parse(args);
            return switch (args[0]) {
                case "pack" -> pack(options);
                case "verify" -> verify(options);
                case "submit" -> submit(options);
                case "status" -> show(options, "/api/v1/transfers/" + options.argument("TRANSFER-ID"));
                case "list" -> show(options, "/api/v1/transfers?role=" + options.get("role").orElse("sender")
                        + options.get("status").map(s -> "&status=" + s).orElse("")
                        + "&page=" + options.get("page").orElse("0") + "&size=" + options.get("size").orElse("50"));
                case "central" -> show(options, "/api/v1/municipality/transfers?page="
                        + options.get("page").orElse("0") + "&size=" + options.get("size").orElse("50")
                        + options.get("standing").map(v -> "&standing=" + v).orElse("")
                        + options.get("status").map(v -> "&status=" + v).orElse(""));
                case "receipt" -> receipt(options);
                case "evidence" -> evidence(options);
                case "verify-evidence" -> verifyEvidence(options);
                case "inbox" -> show(options, "/api/v1/inbox?page=" + options.get("page").orElse("0") + "&size="
                        + options.get("size").orElse("50"));
                case "fetch" -> fetch(options);
                case "ack" -> acknowledge(options);
                case "hash-password" -> hashPassword();
                default -> usage("unknown command " + args[0]);
            };
        } catch (UsageException e) {
            return usage(e.getMessage());
        } catch (IOException | RuntimeException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private int hashPassword() throws IOException {
        char[] password;
        java.io.Console console = in == System.in ? System.console() : null;
        if (console != null) {
            password = console.readPassword("operator password: ");
        } else {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(in,
                    java.nio.charset.StandardCharsets.UTF_8)).readLine();
            password = line == null ? new char[0] : line.toCharArray();
        }
        if (password == null || password.length < 12) {
            err.println("error: an operator password has at least 12 characters");
            return 1;
        }
        out.println(dk.sagsbro.operations.OperatorPasswords.hash(password));
        java.util.Arrays.fill(password, '\0');
        return 0;
    }

    private int usage(String message) {
        err.println(message);
        err.print(USAGE);
        return 2;
    }

    private int pack(Options options) throws IOException {
        Path caseJson = Path.of(options.required("case"));
        Path documents = Path.of(options.required("documents"));
        Path target = Path.of(options.required("out"));
        List<AsicPacker.Document> list = new ArrayList<>();
        try (Stream<Path> files = Files.walk(documents)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = "documents/" + documents.relativize(file).toString().replace('\\', '/');
                list.add(new AsicPacker.Document(name, AsicPacker.mimeTypeOf(name), () -> Files.newInputStream(file)));
            }
        }
        try (OutputStream output = Files.newOutputStream(target)) {
            new AsicPacker(options.credentials().signer()).pack(Files.readAllBytes(caseJson), list, output);
        }
        out.println("packed " + list.size() + " document(s) into " + target);
        return 0;
    }

    private int verify(Options options) throws IOException {
        Path packet = Path.of(options.argument("PACKET"));
        Municipalities municipalities = Municipalities.builtIn();
        TrustAnchors anchors;
        try (InputStream in = Files.newInputStream(Path.of(options.get("trust").orElse("certs-example/ca.crt.pem")))) {
            anchors = new TrustAnchors(Pem.certificates(in));
        }
        MunicipalityRegistry registry;
        try (InputStream in = Files.newInputStream(Path.of(options.get("registry")
                .orElse("certs-example/registry.yaml")))) {
            registry = MunicipalityRegistry.read(in, municipalities);
        }
        CompletenessPolicy policy = CompletenessPolicy.builtIn();
        if (options.get("policy").isPresent()) {
            try (InputStream in = Files.newInputStream(Path.of(options.get("policy").get()))) {
                policy = CompletenessPolicy.read(in);
            }
        }
        Validator validator = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();
        PacketVerifier verifier = new PacketVerifier(new CmsSignatureVerifier(anchors, Clock.systemUTC()),
                registry::identities,
                new CaseMetadataReader(validator, municipalities));
        ContainerScanner scanner = new ContainerScanner(PacketLimits.defaults());
        PacketVerifier.Verification verification;
        try (InputStream in = Files.newInputStream(packet)) {
            verification = verifier.verify(scanner.scan(in, OutputStream.nullOutputStream()),
                    options.get("submitter"), algorithms -> {
                        try (InputStream again = Files.newInputStream(packet)) {
                            return scanner.scan(again, OutputStream.nullOutputStream(), algorithms);
                        }
                    });
        }
        List<Problem> problems = new ArrayList<>(verification.problems());
        if (verification.metadata() != null) {
            problems.addAll(new CompletenessCheck(policy).check(verification.metadata()));
        }
        if (problems.isEmpty()) {
            out.println("valid: signed by municipality " + verification.signerMunicipality() + ", SHA-256 "
                    + verification.container().packetDigest());
            return 0;
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        List<Map<String, String>> listed = problems.stream().map(p -> {
            Map<String, String> item = new HashMap<>();
            item.put("type", p.type().uri());
            Optional.ofNullable(p.entry()).ifPresent(e -> item.put("entry", e));
            Optional.ofNullable(p.pointer()).ifPresent(e -> item.put("pointer", e));
            item.put("detail", p.detail());
            return item;
        }).toList();
        out.println(json.writeValueAsString(Map.of("valid", false, "problems", listed)));
        return 1;
    }

    private int submit(Options options) throws IOException {
        Path packet = Path.of(options.argument("PACKET"));
        HttpRequest request = HttpRequest.newBuilder(options.gateway().resolve("/api/v1/transfers"))
                .header("Content-Type", PacketVerifier.MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofFile(packet)).build();
        return print(send(options, request, HttpResponse.BodyHandlers.ofString()));
    }

    private int show(Options options, String path) throws IOException {
        return print(send(options, HttpRequest.newBuilder(options.gateway().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    private int evidence(Options options) throws IOException {
        Path target = Path.of(options.required("out"));
        HttpResponse<byte[]> response = send(options, HttpRequest.newBuilder(options.gateway()
                .resolve("/api/v1/transfers/" + options.argument("TRANSFER-ID") + "/evidence")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            err.println(new String(response.body()));
            return 1;
        }
        Files.write(target, response.body());
        out.println("evidence written to " + target + "; check it with: java -jar sagsbro-cli.jar verify-evidence "
                + target + " --trust <the gateway's CA>");
        return 0;
    }

    private int verifyEvidence(Options options) throws IOException {
        byte[] bundle = Files.readAllBytes(Path.of(options.argument("FILE")));
        TrustAnchors anchors;
        try (InputStream in = Files.newInputStream(Path.of(options.get("trust").orElse("certs-example/ca.crt.pem")))) {
            anchors = new TrustAnchors(Pem.certificates(in));
        }
        EvidenceVerifier.Result result = new EvidenceVerifier(new CmsSignatureVerifier(anchors, Clock.systemUTC()))
                .verify(bundle);
        if (!result.valid()) {
            result.problems().forEach(p -> err.println("invalid: " + p));
            return 1;
        }
        out.println("valid: evidence for transfer " + result.transferId() + " (SHA-256 " + result.packetDigest()
                + "), signed by " + result.gatewaySigner() + "; " + result.acknowledgements()
                + " acknowledgement(s) and " + result.auditEntries() + " audit entries checked");
        return 0;
    }

    private int receipt(Options options) throws IOException {
        Path target = Path.of(options.required("out"));
        HttpResponse<byte[]> response = send(options, HttpRequest.newBuilder(options.gateway()
                .resolve("/api/v1/transfers/" + options.argument("TRANSFER-ID") + "/receipt")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            err.println(new String(response.body()));
            return 1;
        }
        Files.write(target, response.body());
        out.println("receipt written to " + target + "; check it with: openssl cms -verify -inform DER -in "
                + target + " -CAfile <the gateway's CA>");
        return 0;
    }

    /** Downloads the packet and checks it against the digest the gateway states for it. */
    private int fetch(Options options) throws IOException {
        Path target = Path.of(options.required("out"));
        // Downloaded beside the target and moved over it only once verified: a failed or corrupt download never
        // leaves a file behind, nor destroys or mixes with one that was there.
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try {
            HttpResponse<Path> response = send(options, HttpRequest.newBuilder(options.gateway()
                    .resolve("/api/v1/transfers/" + options.argument("TRANSFER-ID") + "/packet")).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(partial, java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.WRITE,
                            java.nio.file.StandardOpenOption.TRUNCATE_EXISTING));
            if (response.statusCode() != 200) {
                err.println(response.statusCode() + " " + Files.readString(partial));
                return 1;
            }
            String stated = response.headers().firstValue("Repr-Digest").orElse("");
            String actual;
            try (InputStream in = Files.newInputStream(partial)) {
                java.security.MessageDigest sha256 = dk.sagsbro.packet.DigestAlgorithm.SHA256.newDigest();
                byte[] buffer = new byte[1 << 16];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    sha256.update(buffer, 0, n);
                }
                actual = "sha-256=:" + java.util.Base64.getEncoder().encodeToString(sha256.digest()) + ":";
            }
            if (!actual.equals(stated)) {
                err.println("the download does not match the digest the gateway states; discarded");
                return 1;
            }
            Files.move(partial, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            out.println("packet written to " + target + " (" + Files.size(target) + " bytes, digest verified)");
            return 0;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Signs an acknowledgement statement with the receiver's credentials and posts it. */
    private int acknowledge(Options options) throws IOException {
        String id = options.argument("TRANSFER-ID");
        HttpResponse<String> transfer = send(options, HttpRequest.newBuilder(options.gateway()
                .resolve("/api/v1/transfers/" + id)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (transfer.statusCode() != 200) {
            return print(transfer);
        }
        ObjectMapper json = new ObjectMapper();
        Map<String, String> statement = new java.util.LinkedHashMap<>();
        statement.put("transferId", id);
        statement.put("packetDigest", json.readTree(transfer.body()).get("packetDigest").asText());
        statement.put("kind", options.required("kind"));
        options.get("reason").ifPresent(r -> statement.put("reasonCode", r));
        options.get("text").ifPresent(t -> statement.put("reasonText", t));
        options.get("right-municipality").ifPresent(m -> statement.put("rightMunicipality", m));
        byte[] signed = options.credentials().signer().signEncapsulated(json.writeValueAsBytes(statement));
        return print(send(options, HttpRequest.newBuilder(options.gateway()
                        .resolve("/api/v1/transfers/" + id + "/acknowledgements"))
                .header("Content-Type", "application/pkcs7-mime")
                .POST(HttpRequest.BodyPublishers.ofByteArray(signed)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    private int print(HttpResponse<String> response) {
        (response.statusCode() < 300 ? out : err).println(response.statusCode() + " " + response.body());
        return response.statusCode() < 300 ? 0 : 1;
    }

    private static <T> HttpResponse<T> send(Options options, HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException {
        Credentials credentials = options.credentials();
        List<java.security.cert.X509Certificate> trusted;
        try (InputStream in = Files.newInputStream(Path.of(options.get("ca").orElse("certs-example/ca.crt.pem")))) {
            trusted = Pem.certificates(in);
        }
        HttpClient client = HttpClient.newBuilder().sslContext(TlsContexts.forClient(trusted, credentials.key(),
                credentials.chain())).build();
        try {
            return client.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** A wrong command line. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** {@code --name value} pairs and positional arguments after the command. */
    record Options(Map<String, String> named, List<String> positional) {
        static Options parse(String[] args) {
            Map<String, String> named = new HashMap<>();
            List<String> positional = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                if (args[i].startsWith("--")) {
                    if (i + 1 >= args.length) {
                        throw new UsageException(args[i] + " needs a value");
                    }
                    named.put(args[i].substring(2), args[++i]);
                } else {
                    positional.add(args[i]);
                }
            }
            return new Options(named, positional);
        }

        Optional<String> get(String name) {
            return Optional.ofNullable(named.get(name));
        }

        String required(String name) {
            return get(name).orElseThrow(() -> new UsageException("--" + name + " is required"));
        }

        String argument(String what) {
            if (positional.size() != 1) {
                throw new UsageException("expected one " + what);
            }
            return positional.get(0);
        }

        URI gateway() {
            return URI.create(get("gateway").orElse("https://localhost:8443"));
        }

        Credentials credentials() throws IOException {
            if (get("p12").isPresent()) {
                return Credentials.fromPkcs12(Path.of(get("p12").get()), required("password").toCharArray());
            }
            return Credentials.fromPem(Path.of(required("cert")), Path.of(required("key")));
        }
    }
}
