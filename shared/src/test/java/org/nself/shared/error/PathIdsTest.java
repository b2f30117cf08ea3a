package org.nself.shared.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class PathIdsTest {
    @Test
    void aUuidInThePathIsTheId() {
        UUID id = UUID.randomUUID();

        assertThat(PathIds.uuid(id.toString(), "incident")).isEqualTo(id);
    }

    @Test
    void aPathSegmentThatIsNoUuidNamesNothingAndAnswers404() {
        assertThatThrownBy(() -> PathIds.uuid("not-a-uuid", "webhook"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("webhook not found");
                });
    }
}
