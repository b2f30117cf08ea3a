package org.nself.crash.symbolication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProguardMappingTest {
    static final String MAPPING = String.join(
            "\n",
            "# compiler: R8",
            "# {\"id\":\"com.android.tools.r8.mapping\",\"version\":\"2.2\"}",
            "com.example.app.MainActivity -> a.a:",
            "# {\"id\":\"sourceFile\",\"fileName\":\"MainActivity.kt\"}",
            "    int counter -> a",
            "    1:3:void onCreate(android.os.Bundle):20:22 -> onCreate",
            "    4:4:void com.example.app.Util.check(boolean):55:55 -> a",
            "    4:4:void helper():31 -> a",
            "    4:4:void onClick(android.view.View):40 -> a",
            "    5:7:void onClick(android.view.View):41:43 -> a",
            "    8:9:int compute(int):100 -> a",
            "    void legacy() -> b",
            "com.example.app.Util -> a.b:",
            "    10:12:boolean isReady():5:7 -> a",
            "");

    private final ProguardMapping mapping = ProguardMapping.parse(MAPPING.getBytes(StandardCharsets.UTF_8));

    @Test
    void classNamesAreDeobfuscated() {
        assertThat(mapping.classCount()).isEqualTo(2);
        assertThat(mapping.originalClass("a.a")).isEqualTo("com.example.app.MainActivity");
        assertThat(mapping.originalClass("z.z")).isNull();
    }

    @Test
    void lineRangeMapsLinearlyOntoTheOriginalRange() {
        assertThat(mapping.deobfuscate("a.a", "onCreate", 2))
                .containsExactly(new ProguardMapping.JavaFrame(
                        "com.example.app.MainActivity", "onCreate", "MainActivity.kt", 21));
        assertThat(mapping.deobfuscate("a.a", "a", 6))
                .containsExactly(new ProguardMapping.JavaFrame(
                        "com.example.app.MainActivity", "onClick", "MainActivity.kt", 42));
    }

    @Test
    void rangeMappedToOneLineGivesThatLine() {
        assertThat(mapping.deobfuscate("a.a", "a", 9))
                .containsExactly(new ProguardMapping.JavaFrame(
                        "com.example.app.MainActivity", "compute", "MainActivity.kt", 100));
    }

    @Test
    void inlinedMethodsExpandIntoSeveralOriginalFramesCallerFirst() {
        assertThat(mapping.deobfuscate("a.a", "a", 4))
                .containsExactly(
                        new ProguardMapping.JavaFrame("com.example.app.MainActivity", "onClick", "MainActivity.kt", 40),
                        new ProguardMapping.JavaFrame("com.example.app.MainActivity", "helper", "MainActivity.kt", 31),
                        new ProguardMapping.JavaFrame("com.example.app.Util", "check", null, 55));
    }

    @Test
    void methodWithoutLineInformationStillMapsItsName() {
        assertThat(mapping.deobfuscate("a.a", "b", 0))
                .containsExactly(
                        new ProguardMapping.JavaFrame("com.example.app.MainActivity", "legacy", "MainActivity.kt", 0));
    }

    @Test
    void unknownMethodKeepsItsNameButGetsTheOriginalClass() {
        assertThat(mapping.deobfuscate("a.b", "zz", 3))
                .containsExactly(new ProguardMapping.JavaFrame("com.example.app.Util", "zz", null, 3));
        assertThat(mapping.deobfuscate("q.q", "a", 3)).isEmpty();
    }

    @Test
    void uuidIsSentrysVersion5UuidOfTheFileBytes() {
        DebugId uuid = ProguardMapping.uuidOf(MAPPING.getBytes(StandardCharsets.UTF_8));

        assertThat(uuid.value()).matches("[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(ProguardMapping.uuidOf(MAPPING.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(uuid);
        assertThat(ProguardMapping.uuidOf((MAPPING + "\n").getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(uuid);
    }

    @Test
    void uuidVersion5MatchesTheRfcExample() {
        java.util.UUID dns = java.util.UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

        assertThat(ProguardMapping.uuid5(dns, "python.org".getBytes(StandardCharsets.UTF_8)))
                .hasToString("886313e1-3b8a-5372-9b90-0c9aee199e5d");
    }

    @Test
    void lineThatIsNotAMappingIsRefusedWithItsNumber() {
        assertThatThrownBy(
                        () -> ProguardMapping.parse("a.B -> a:\n    what is this\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SymbolFileException.class)
                .hasMessageContaining("line 2");
    }
}
