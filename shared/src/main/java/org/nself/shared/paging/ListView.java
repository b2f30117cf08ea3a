package org.nself.shared.paging;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The nself list shape: {@code {"data": [...], "total": N, "limit": L, "offset": O}}. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ListView<T>(List<T> data, long total, int limit, long offset) {
    public static <T> ListView<T> of(List<T> data, long total, PageRequest page) {
        return new ListView<>(data, total, page.limit(), page.offset());
    }
}
