package org.nself.shared.paging;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.function.Function;

/** The nself list shape: {@code {"data": [...], "total": N, "limit": L, "offset": O}}. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ListView<T>(List<T> data, long total, int limit, long offset) {
    public static <T> ListView<T> of(List<T> data, long total, PageRequest page) {
        return new ListView<>(data, total, page.limit(), page.offset());
    }

    /** The same page with each row as {@code view} shows it. */
    public <V> ListView<V> map(Function<? super T, ? extends V> view) {
        List<V> views = data.stream().<V>map(view).toList();
        return new ListView<>(views, total, limit, offset);
    }
}
