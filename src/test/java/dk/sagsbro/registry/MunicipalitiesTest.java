package dk.sagsbro.registry;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MunicipalitiesTest {
    final Municipalities municipalities = Municipalities.builtIn();

    @Test
    void knowsAllNinetyEightMunicipalities() {
        assertThat(municipalities.size()).isEqualTo(98);
    }

    @ParameterizedTest
    @CsvSource({"101, 101", "0101, 101", "860, 860", "0860, 860", "165, 165"})
    void acceptsThreeAndFourDigitCodesAndStoresThree(String written, String stored) {
        assertThat(municipalities.normalise(written)).hasValue(stored);
    }

    @ParameterizedTest
    @ValueSource(strings = {"411", "0411", "999", "1101", "01", "10a", "00101", " 101"})
    void refusesCodesThatAreNoMunicipality(String written) {
        assertThat(municipalities.normalise(written)).isEmpty();
    }
}
