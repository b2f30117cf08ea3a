package org.nself.crash.symbolication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DebugIdTest {
    @Test
    void breakpadModuleIdReadsAsUuidAndAge() {
        DebugId id = DebugId.parse("DFB8E43AF2423D73A453AEB6A777EF75A");

        assertThat(id.value()).isEqualTo("dfb8e43a-f242-3d73-a453-aeb6a777ef75-a");
        assertThat(id.breakpad()).isEqualTo("DFB8E43AF2423D73A453AEB6A777EF75A");
    }

    @Test
    void zeroAgeIsLeftOutOfTheCanonicalForm() {
        assertThat(DebugId.parse("DFB8E43AF2423D73A453AEB6A777EF750").value())
                .isEqualTo("dfb8e43a-f242-3d73-a453-aeb6a777ef75");
        assertThat(DebugId.parse("DFB8E43A-F242-3D73-A453-AEB6A777EF75").breakpad())
                .isEqualTo("DFB8E43AF2423D73A453AEB6A777EF750");
    }

    @Test
    void littleEndianBuildIdSwapsTheFirstThreeUuidFields() {
        byte[] buildId = HexFormat.of().parseHex("c89b11207f6479603b0d49bf291c092c2b719293");

        assertThat(DebugId.fromElfIdentifier(buildId, true).value()).isEqualTo("20119bc8-647f-6079-3b0d-49bf291c092c");
        assertThat(DebugId.fromElfIdentifier(buildId, false).value()).isEqualTo("c89b1120-7f64-7960-3b0d-49bf291c092c");
    }

    @Test
    void shortBuildIdIsPaddedWithZeros() {
        byte[] buildId = HexFormat.of().parseHex("0102030405060708");

        assertThat(DebugId.fromElfIdentifier(buildId, true).value()).isEqualTo("04030201-0605-0807-0000-000000000000");
    }

    @Test
    void garbageIsNotADebugId() {
        assertThatThrownBy(() -> DebugId.parse("not-a-debug-id")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DebugId.parse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
