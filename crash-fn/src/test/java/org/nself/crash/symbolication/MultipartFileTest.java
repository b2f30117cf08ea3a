package org.nself.crash.symbolication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MultipartFileTest {
    private static byte[] body(String boundary, String... parts) {
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            out.append("--").append(boundary).append("\r\n").append(part).append("\r\n");
        }
        return out.append("--").append(boundary).append("--\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void fileFieldIsFoundAmongOtherFieldsWithItsFileName() {
        byte[] body = body(
                "b1",
                "Content-Disposition: form-data; name=\"note\"\r\n\r\nhello",
                "Content-Disposition: form-data; name=\"file\"; filename=\"a.sym\"\r\nContent-Type: text/plain\r\n\r\nMODULE x");

        MultipartFile file = MultipartFile.find("multipart/form-data; boundary=\"b1\"", body, "file")
                .orElseThrow();

        assertThat(file.fileName()).isEqualTo("a.sym");
        assertThat(new String(file.content(), StandardCharsets.UTF_8)).isEqualTo("MODULE x");
    }

    @Test
    void bodyWithoutTheFieldHasNoFile() {
        byte[] body = body("b2", "Content-Disposition: form-data; name=\"other\"\r\n\r\nx");

        assertThat(MultipartFile.find("multipart/form-data; boundary=b2", body, "file"))
                .isEmpty();
    }

    @Test
    void malformedBodiesAreRefusedWithAReason() {
        byte[] unclosed =
                "--b3\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nno end".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> MultipartFile.find("multipart/form-data", unclosed, "file"))
                .hasMessageContaining("no boundary");
        assertThatThrownBy(() -> MultipartFile.find("multipart/form-data; boundary=b3", unclosed, "file"))
                .hasMessageContaining("not closed");
        assertThatThrownBy(() -> MultipartFile.find("multipart/form-data; boundary=zz", unclosed, "file"))
                .hasMessageContaining("no boundary line");
    }
}
