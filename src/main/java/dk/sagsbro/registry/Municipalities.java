package dk.sagsbro.registry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The 98 Danish municipalities by three-digit code. 411 Christiansø is not a municipality. */
public final class Municipalities {
    private static final Municipalities BUILT_IN = load();

    private final Map<String, String> namesByCode;

    private Municipalities(Map<String, String> namesByCode) {
        this.namesByCode = Collections.unmodifiableMap(new java.util.TreeMap<>(namesByCode));
    }

    public static Municipalities builtIn() {
        return BUILT_IN;
    }

    /**
     * The stored three-digit form of a code written with three digits or, as some national services do, four
     * ("0101"), or empty when it is not a municipality code.
     */
    public Optional<String> normalise(String code) {
        if (code == null || !code.matches("\\d{3,4}")) {
            return Optional.empty();
        }
        String threeDigits = code.length() == 4 ? (code.charAt(0) == '0' ? code.substring(1) : null) : code;
        return threeDigits != null && namesByCode.containsKey(threeDigits) ? Optional.of(threeDigits) : Optional.empty();
    }

    public int size() {
        return namesByCode.size();
    }

    /** The municipality's name, or the code itself when it is not one of the 98. */
    public String name(String code) {
        return namesByCode.getOrDefault(code, code);
    }

    /** Every code with its name, in code order. */
    public java.util.Map<String, String> all() {
        return namesByCode;
    }

    private static Municipalities load() {
        try (InputStream in = Municipalities.class.getResourceAsStream("/registry/municipalities.csv")) {
            if (in == null) {
                throw new IllegalStateException("registry/municipalities.csv is missing from the application");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> names = new LinkedHashMap<>();
            reader.readLine(); // header
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    String[] columns = line.split(",", 2);
                    names.put(columns[0].trim(), columns[1].trim());
                }
            }
            return new Municipalities(names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
