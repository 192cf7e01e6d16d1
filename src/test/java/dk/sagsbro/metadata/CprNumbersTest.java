package dk.sagsbro.metadata;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class CprNumbersTest {

    @ParameterizedTest(name = "{0} was born {1}")
    @CsvSource({
            "0101154123, 2015-01-01",   // seventh digit 4, year 00-36: 2000s
            "0101854123, 1985-01-01",   // seventh digit 4, year 37-99: 1900s
            "0101150123, 1915-01-01",   // seventh digits 0-3: 1900s
            "0101575123, 2057-01-01",   // seventh digits 5-8, year 00-57: 2000s
            "0101585123, 1858-01-01",   // seventh digits 5-8, year 58-99: 1800s
            "0101369123, 2036-01-01",   // seventh digit 9, year 00-36: 2000s
            "0101379123, 1937-01-01",   // seventh digit 9, year 37-99: 1900s
            "290200-4123, 2000-02-29",  // leap day, hyphen allowed
            "0101151234, 1915-01-01"    // fails modulus 11, which is never checked
    })
    void derivesTheBirthDateFromTheSeventhDigit(String cpr, LocalDate born) {
        assertThat(CprNumbers.birthDate(cpr)).hasValue(born);
    }

    @ParameterizedTest
    @CsvSource({"3102154123", "2902014123", "0013154123", "010115412", "01011541234", "01011A4123", "010115 4123"})
    void refusesImpossibleDatesAndMalformedNumbers(String cpr) {
        assertThat(CprNumbers.birthDate(cpr)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void maskHidesAnythingShapedLikeACprNumberAndNothingElse() {
        org.assertj.core.api.Assertions.assertThat(CprNumbers.mask("barn 0101154123, mor 120585-4321 og 3112999999"))
                .isEqualTo("barn ******-****, mor ******-**** og ******-****");
        org.assertj.core.api.Assertions.assertThat(CprNumbers.mask("transfer 6f1c2a7e-5b0e-4d43-9a36-0d6f1f6d2a01, "
                + "CVR 99000165, phone 33 66 33 66, 12345678901")).isEqualTo("transfer 6f1c2a7e-5b0e-4d43-9a36-"
                + "0d6f1f6d2a01, CVR 99000165, phone 33 66 33 66, 12345678901");
        org.assertj.core.api.Assertions.assertThat(CprNumbers.mask(null)).isNull();
    }
}
