package dk.sagsbro.packet;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the ASiC manifest parser: any bytes give a manifest or problems, never an exception,
 * and never both nothing and no problem. The corpus in ManifestParserFuzzTestInputs replays in every build.
 */
class ManifestParserFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void manifestParser(byte[] xml) {
        AsicManifestParser.Result result = new AsicManifestParser().parse("META-INF/ASiCManifest.xml", xml);

        assertThat(result.manifest() != null || !result.problems().isEmpty()).isTrue();
        if (result.manifest() != null) {
            assertThat(result.manifest().references()).isNotNull();
        }
    }
}
