package dk.sagsbro.faults;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault matrix's first scenario in every build, smaller: three packaged gateways on one PostgreSQL and one S3
 * store, eight clients sending through all of them, one instance killed with SIGKILL mid-load and started again.
 * Every transfer answered 202 is delivered and acknowledged exactly once, and the sweep leaves no orphan object.
 */
class ThreeInstancesIT {
    @Test
    void killingOneOfThreeInstancesLosesNothingAndDuplicatesNothing() throws Exception {
        FaultMatrix.Result result = FaultMatrix.threeInstancesKillOne(Path.of("target/faults-it/three-instances"), 60);

        assertThat(result.accepted()).as(result.row()).isEqualTo(60);
        assertThat(result.lost()).as(result.row()).isZero();
        assertThat(result.businessDuplicates()).as(result.row()).isZero();
        assertThat(result.orphans()).as(result.row()).isZero();
    }
}
