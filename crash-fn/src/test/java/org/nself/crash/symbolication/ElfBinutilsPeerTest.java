package org.nself.crash.symbolication;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ELF reader against binutils on a real program built here with {@code gcc -g}: symbols as
 * {@code nm} lists them, function names as {@code addr2line -f} resolves addresses, the build-id as
 * {@code readelf -n} prints it. Needs gcc and binutils (Debian: gcc, binutils); fails without them.
 */
@Tag("peer")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ElfBinutilsPeerTest {
    private static final String SOURCE = String.join(
            "\n",
            "#include <stdio.h>",
            "static int __attribute__((noinline)) square(int x) { return x * x; }",
            "int __attribute__((noinline)) sum_of_squares(int n) {",
            "    int total = 0;",
            "    for (int i = 0; i < n; i++) { total += square(i); }",
            "    return total;",
            "}",
            "void __attribute__((noinline)) report(int value) { printf(\"%d\\n\", value); }",
            "int main(int argc, char **argv) { report(sum_of_squares(argc + 3)); return 0; }",
            "");
    private static final List<String> OWN_FUNCTIONS = List.of("square", "sum_of_squares", "report", "main");

    @TempDir
    static Path dir;

    private Path program;
    private ElfFile elf;

    @BeforeAll
    void buildProgram() throws Exception {
        Path source = dir.resolve("prog.c");
        Files.writeString(source, SOURCE);
        program = dir.resolve("prog");
        run("gcc", "-g", "-O1", "-Wl,--build-id=sha1", "-o", program.toString(), source.toString());
        elf = ElfFile.parse(Files.readAllBytes(program));
    }

    @Test
    void codeIdIsTheBuildIdReadelfPrints() throws Exception {
        Matcher m = Pattern.compile("Build ID: ([0-9a-f]+)").matcher(run("readelf", "-n", program.toString()));

        assertThat(m.find()).isTrue();
        assertThat(elf.codeId()).isEqualTo(m.group(1));
    }

    @Test
    void debugIdIsTheBuildIdsFirstSixteenBytesWithTheUuidFieldsSwapped() throws Exception {
        byte[] id = HexFormat.of().parseHex(elf.codeId());
        String hex = HexFormat.of().formatHex(id, 0, 16);
        String expected = hex.substring(6, 8) + hex.substring(4, 6) + hex.substring(2, 4) + hex.substring(0, 2) + "-"
                + hex.substring(10, 12) + hex.substring(8, 10) + "-" + hex.substring(14, 16) + hex.substring(12, 14)
                + "-" + hex.substring(16, 20) + "-" + hex.substring(20, 32);

        assertThat(elf.debugId().value()).isEqualTo(expected);
    }

    @Test
    void functionAddressesAreThoseNmLists() throws Exception {
        Map<String, Long> nm = nmFunctions();

        for (String function : OWN_FUNCTIONS) {
            assertThat(nm).containsKey(function);
            int index = elf.symbols().names().indexOf(function);
            assertThat(index).as(function).isNotNegative();
            assertThat(elf.symbols().address(index)).as(function).isEqualTo(nm.get(function));
        }
        assertThat(elf.symbols().names())
                .containsAll(
                        nm.keySet().stream().filter(OWN_FUNCTIONS::contains).toList());
    }

    @Test
    void everyAddressInsideAFunctionResolvesToTheFunctionAddr2lineNames() throws Exception {
        Map<String, long[]> sized = nmSizedFunctions();
        List<Long> addresses = new ArrayList<>();
        for (String function : OWN_FUNCTIONS) {
            long[] startSize = sized.get(function);
            assertThat(startSize).as(function).isNotNull();
            addresses.add(startSize[0]);
            addresses.add(startSize[0] + startSize[1] / 2);
            addresses.add(startSize[0] + startSize[1] - 1);
        }
        List<String> command = new ArrayList<>(List.of("addr2line", "-f", "-e", program.toString()));
        addresses.forEach(a -> command.add("0x" + Long.toHexString(a)));
        String[] lines = run(command.toArray(new String[0])).split("\n");

        NativeSymbols symbols = elf.nativeSymbols();
        for (int i = 0; i < addresses.size(); i++) {
            String expected = lines[2 * i].strip();
            long moduleOffset = addresses.get(i) - elf.loadAddress();
            assertThat(symbols.lookup(moduleOffset))
                    .as("0x%x", addresses.get(i))
                    .extracting(SourceFrame::function)
                    .containsExactly(expected);
        }
    }

    private Map<String, Long> nmFunctions() throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : run("nm", "--defined-only", program.toString()).split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 3 && (f[1].equals("T") || f[1].equals("t"))) {
                out.put(f[2], Long.parseUnsignedLong(f[0], 16));
            }
        }
        return out;
    }

    private Map<String, long[]> nmSizedFunctions() throws Exception {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (String line : run("nm", "-S", "--defined-only", program.toString()).split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 4 && (f[2].equals("T") || f[2].equals("t"))) {
                out.put(f[3], new long[] {Long.parseUnsignedLong(f[0], 16), Long.parseUnsignedLong(f[1], 16)});
            }
        }
        return out;
    }

    /** Runs a peer program; a missing program or a failure fails the test. */
    private String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as(command[0] + " finished")
                .isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(command[0] + ": " + text).isZero();
        return text;
    }
}
