package dk.sagsbro.metadata;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link ValidCpr}; null is left to {@code @NotNull}. */
public class CprValidator implements ConstraintValidator<ValidCpr, String> {
    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        return value == null || CprNumbers.birthDate(value).isPresent();
    }
}
