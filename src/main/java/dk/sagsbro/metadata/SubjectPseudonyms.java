package dk.sagsbro.metadata;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Keyed pseudonyms of CPR numbers (HMAC-SHA256 under a key from configuration): the gateway can find every transfer
 * concerning a person when an operator gives the person's CPR number, but what it stores reveals no CPR number, and
 * without the key nobody can test a guessed one against it.
 */
public final class SubjectPseudonyms {
    /** Children aged this or more are parties to their case (Barnets lov § 3). */
    public static final int PARTY_AGE = 10;

    private final SecretKeySpec key;

    public SubjectPseudonyms(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("a pseudonym key has at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** The pseudonym of a CPR number, written with or without its hyphen; empty when it is not one. */
    public Optional<String> of(String cpr) {
        return CprNumbers.digits(cpr).map(digits -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return HexFormat.of().formatHex(mac.doFinal(digits.getBytes(StandardCharsets.US_ASCII)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Who a transfer concerns, in case.json's order. */
    public enum Role {
        CHILD, CUSTODIAN
    }

    /** One person a transfer concerns, pseudonymised. */
    public record Subject(Role role, int position, String pseudonym, boolean party) {
    }

    /** The children and custodians of {@code metadata}; a child is a party when aged 10 or more {@code on}. */
    public List<Subject> subjects(CaseMetadata metadata, LocalDate on) {
        List<Subject> subjects = new ArrayList<>();
        for (int i = 0; i < metadata.children().size(); i++) {
            String cpr = metadata.children().get(i).cpr();
            int position = i + 1;
            of(cpr).ifPresent(p -> subjects.add(new Subject(Role.CHILD, position, p, isParty(cpr, on))));
        }
        for (int i = 0; i < metadata.custodians().size(); i++) {
            int position = i + 1;
            of(metadata.custodians().get(i).cpr()).ifPresent(p -> subjects.add(new Subject(Role.CUSTODIAN,
                    position, p, false)));
        }
        return subjects;
    }

    /** Whether the child with this CPR number is aged 10 or more on {@code on}, and so a party to its case. */
    public static boolean isParty(String cpr, LocalDate on) {
        return CprNumbers.birthDate(cpr).map(born -> Period.between(born, on).getYears() >= PARTY_AGE).orElse(false);
    }
}
