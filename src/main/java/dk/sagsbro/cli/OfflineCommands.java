package dk.sagsbro.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dk.sagsbro.completeness.CompletenessCheck;
import dk.sagsbro.completeness.CompletenessPolicy;
import dk.sagsbro.evidence.EvidenceVerifier;
import dk.sagsbro.metadata.CaseMetadataReader;
import dk.sagsbro.operations.OperatorPasswords;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** The commands that need no gateway: pack and check containers and evidence, hash an operator's password. */
final class OfflineCommands {
    private OfflineCommands() {
    }

    /** The CA certificates a command checks signatures against; required, from the options or the settings. */
    static TrustAnchors trust(CommandSpec command, Path file) throws IOException {
        if (file == null) {
            throw new ParameterException(command.commandLine(), "the CA certificates that municipality and gateway "
                    + "certificates chain to are needed: give --trust FILE, set SAGSBRO_TRUST, or put trust=FILE in "
                    + "the config file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return new TrustAnchors(Pem.certificates(in));
        }
    }

    @Command(name = "pack", mixinStandardHelpOptions = true,
            description = "Packs case.json and a folder of documents into a signed ASiC-E container.")
    static final class Pack implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--case", required = true, paramLabel = "FILE", description = "the case metadata (case.json)")
        private Path caseJson;

        @Option(names = "--documents", required = true, paramLabel = "DIR",
                description = "the folder of documents; each file becomes documents/<its path in the folder>")
        private Path documents;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "the container to write")
        private Path target;

        @Mixin
        private CredentialOptions credentials;

        Pack(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws IOException {
            List<AsicPacker.Document> list = new ArrayList<>();
            try (Stream<Path> files = Files.walk(documents)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    String name = "documents/" + documents.relativize(file).toString().replace('\\', '/');
                    list.add(new AsicPacker.Document(name, AsicPacker.mimeTypeOf(name),
                            () -> Files.newInputStream(file)));
                }
            }
            byte[] metadata = Files.readAllBytes(caseJson);
            AsicPacker packer = new AsicPacker(credentials.read(context).signer());
            try (OutputStream output = Files.newOutputStream(target)) {
                packer.pack(metadata, list, output);
            }
            context.out().println("packed " + list.size() + " document(s) into " + target);
            return SagsbroCli.DONE;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Checks a container offline with the gateway's rules and lists every problem found.")
    static final class Verify implements Callable<Integer> {
        private final CliContext context;

        @Spec
        private CommandSpec command;

        @Parameters(paramLabel = "PACKET", description = "the container (.asice)")
        private Path packet;

        @Option(names = "--trust", paramLabel = "FILE",
                description = "the CA certificates (PEM) municipality certificates must chain to; or SAGSBRO_TRUST")
        private Path trust;

        @Option(names = "--registry", paramLabel = "FILE",
                description = "the registry (YAML) of which certificate speaks for which municipality; "
                        + "or SAGSBRO_REGISTRY")
        private Path registry;

        @Option(names = "--policy", paramLabel = "FILE",
                description = "a completeness policy (JSON) instead of the built-in one; or SAGSBRO_POLICY")
        private Path policy;

        @Option(names = "--submitter", paramLabel = "CODE",
                description = "the municipality that will submit it, if it must be the signer")
        private String submitter;

        Verify(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws IOException {
            TrustAnchors anchors = trust(command, trust);
            if (registry == null) {
                throw new ParameterException(command.commandLine(), "the registry of municipality certificates is "
                        + "needed: give --registry FILE, set SAGSBRO_REGISTRY, or put registry=FILE in the config file");
            }
            Municipalities municipalities = Municipalities.builtIn();
            MunicipalityRegistry identities;
            try (InputStream in = Files.newInputStream(registry)) {
                identities = MunicipalityRegistry.read(in, municipalities);
            }
            CompletenessPolicy completeness = CompletenessPolicy.builtIn();
            if (policy != null) {
                try (InputStream in = Files.newInputStream(policy)) {
                    completeness = CompletenessPolicy.read(in);
                }
            }
            Validator validator = Validation.byDefaultProvider().configure()
                    .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();
            PacketVerifier verifier = new PacketVerifier(new CmsSignatureVerifier(anchors, Clock.systemUTC()),
                    identities::identities, new CaseMetadataReader(validator, municipalities));
            ContainerScanner scanner = new ContainerScanner(PacketLimits.defaults());
            PacketVerifier.Verification verification;
            try (InputStream in = Files.newInputStream(packet)) {
                verification = verifier.verify(scanner.scan(in, OutputStream.nullOutputStream()),
                        java.util.Optional.ofNullable(submitter), algorithms -> {
                            try (InputStream again = Files.newInputStream(packet)) {
                                return scanner.scan(again, OutputStream.nullOutputStream(), algorithms);
                            }
                        });
            }
            List<Problem> problems = new ArrayList<>(verification.problems());
            if (verification.metadata() != null) {
                problems.addAll(new CompletenessCheck(completeness).check(verification.metadata()));
            }
            if (problems.isEmpty()) {
                context.out().println("valid: signed by municipality " + verification.signerMunicipality()
                        + ", SHA-256 " + verification.container().packetDigest());
                return SagsbroCli.DONE;
            }
            List<Map<String, String>> listed = problems.stream().map(p -> {
                Map<String, String> item = new LinkedHashMap<>();
                item.put("type", p.type().uri());
                if (p.entry() != null) {
                    item.put("entry", p.entry());
                }
                if (p.pointer() != null) {
                    item.put("pointer", p.pointer());
                }
                item.put("detail", p.detail());
                return item;
            }).toList();
            context.out().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(Map.of("valid", false, "problems", listed)));
            return SagsbroCli.REFUSED;
        }
    }

    @Command(name = "verify-evidence", mixinStandardHelpOptions = true,
            description = "Checks an evidence bundle offline: its signature, every receipt and acknowledgement in it, "
                    + "and every audit entry's hash.")
    static final class VerifyEvidence implements Callable<Integer> {
        private final CliContext context;

        @Spec
        private CommandSpec command;

        @Parameters(paramLabel = "FILE", description = "the bundle (evidence.p7m)")
        private Path bundle;

        @Option(names = "--trust", paramLabel = "FILE",
                description = "the CA certificates (PEM) the gateway's signing certificate must chain to; "
                        + "or SAGSBRO_TRUST")
        private Path trust;

        VerifyEvidence(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws IOException {
            TrustAnchors anchors = trust(command, trust);
            EvidenceVerifier.Result result = new EvidenceVerifier(new CmsSignatureVerifier(anchors, Clock.systemUTC()))
                    .verify(Files.readAllBytes(bundle));
            if (!result.valid()) {
                result.problems().forEach(p -> context.err().println("invalid: " + p));
                return SagsbroCli.REFUSED;
            }
            context.out().println("valid: evidence for transfer " + result.transferId() + " (SHA-256 "
                    + result.packetDigest() + "), signed by " + result.gatewaySigner() + "; "
                    + result.acknowledgements() + " acknowledgement(s) and " + result.auditEntries()
                    + " audit entries checked");
            return SagsbroCli.DONE;
        }
    }

    @Command(name = "hash-password", mixinStandardHelpOptions = true,
            description = {"Reads an operator's password and prints its hash for the operator accounts file "
                    + "(sagsbro.console.operators-file).",
                    "Asked for on the terminal; without one, read as the first line of standard input."})
    static final class HashPassword implements Callable<Integer> {
        private final CliContext context;

        HashPassword(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws IOException {
            char[] password;
            if (context.console() != null) {
                password = context.console().readPassword("operator password: ");
            } else {
                String line = new BufferedReader(new InputStreamReader(context.in(), StandardCharsets.UTF_8))
                        .readLine();
                password = line == null ? new char[0] : line.toCharArray();
            }
            if (password == null || password.length < 12) {
                context.err().println("error: an operator password has at least 12 characters");
                return SagsbroCli.REFUSED;
            }
            context.out().println(OperatorPasswords.hash(password));
            Arrays.fill(password, '\0');
            return SagsbroCli.DONE;
        }
    }
}
