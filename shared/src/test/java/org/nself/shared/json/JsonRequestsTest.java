package org.nself.shared.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.error.ApiError;
import org.nself.shared.error.ApiException;
import org.nself.shared.testing.PostgresTest;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsonRequestsTest implements PostgresTest {
    @Serdeable
    record NoteRequest(@NotBlank @Size(max = 5, message = "must be at most 5 characters") String noteName) {
        static NoteRequest read(JsonFields f) {
            f.rejectUnknown(Set.of("note_name"));
            return new NoteRequest(f.string("note_name", 5, true));
        }

        /** A reader that forgot the bound: the annotations still hold. */
        static NoteRequest readCarelessly(JsonFields f) {
            return new NoteRequest(f.string("note_name", 100, true));
        }
    }

    @Inject
    JsonRequests requests;

    @Test
    void theReaderMakesTheRecordAndRefusesEveryProblemInItsOwnWords() {
        assertThat(requests.read("{\"note_name\":\"ab\"}", NoteRequest::read)).isEqualTo(new NoteRequest("ab"));
        assertThatThrownBy(() -> requests.read("{\"note_name\":7,\"x\":1}", NoteRequest::read))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("invalid x: is not a known field (and 1 more)");
                    assertThat(e.details())
                            .containsExactly(
                                    new ApiError.Detail("x", "is not a known field"),
                                    new ApiError.Detail("note_name", "must be a string"));
                });
        assertThatThrownBy(() -> requests.read("[]", NoteRequest::read))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("invalid body: must be a JSON object"));
    }

    @Test
    void aConstraintTheReaderMissedStillRefusesTheRequestNamingTheWireField() {
        assertThatThrownBy(() -> requests.read("{\"note_name\":\"abcdefg\"}", NoteRequest::readCarelessly))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.details())
                        .containsExactly(new ApiError.Detail("note_name", "must be at most 5 characters")));
    }
}
