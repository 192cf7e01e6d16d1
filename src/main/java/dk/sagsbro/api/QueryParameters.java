package dk.sagsbro.api;

import dk.sagsbro.problem.ApiException;
import dk.sagsbro.problem.ProblemType;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Query parameters that name one of an enum's constants, in any letter case. */
final class QueryParameters {
    private QueryParameters() {
    }

    /** @throws ApiException {@code request-invalid}, naming the values allowed, when the value is none of them */
    static <E extends Enum<E>> Optional<E> oneOf(Class<E> type, String parameter, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ProblemType.REQUEST_INVALID, parameter + " must be one of "
                    + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
        }
    }
}
