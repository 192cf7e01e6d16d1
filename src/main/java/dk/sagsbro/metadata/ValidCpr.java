package dk.sagsbro.metadata;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A CPR number (DDMMYYSSSS, a hyphen after the date allowed) whose date and century are valid. */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = CprValidator.class)
public @interface ValidCpr {
    String message() default "not a CPR number with a valid date and century";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
