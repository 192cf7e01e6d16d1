package dk.sagsbro.console;

import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;

import java.util.List;
import java.util.Locale;

/**
 * The console's language: Danish unless the operator chose English with the switch (a cookie), or, having chosen
 * nothing, the browser prefers English to Danish.
 */
public final class ConsoleLanguage {
    static final String COOKIE = "sagsbro-language";
    static final String DANISH = "da";
    static final String ENGLISH = "en";
    static final List<String> SUPPORTED = List.of(DANISH, ENGLISH);

    private ConsoleLanguage() {
    }

    /** @return "da" or "en" */
    static String of(HttpHeaders headers) {
        Cookie chosen = headers.getCookies().get(COOKIE);
        if (chosen != null && SUPPORTED.contains(chosen.getValue())) {
            return chosen.getValue();
        }
        List<Locale> acceptable;
        try {
            acceptable = headers.getAcceptableLanguages();
        } catch (RuntimeException malformed) {
            // A header that does not parse is no preference: the page is still served, in Danish.
            return DANISH;
        }
        // The first language the browser lists that the console speaks, in the browser's order of preference.
        for (Locale wanted : acceptable) {
            String language = wanted.getLanguage().toLowerCase(Locale.ROOT);
            if (SUPPORTED.contains(language)) {
                return language;
            }
        }
        return DANISH;
    }

    static ConsoleMessages messages(String language) {
        return MessageBundles.get(ConsoleMessages.class, Localized.Literal.of(language));
    }
}
