package org.nself.shared.json;

import java.util.ArrayList;
import java.util.List;
import org.nself.shared.error.ApiError;
import org.nself.shared.error.ApiException;

/**
 * The problems found while reading one input, each with its field path; {@link #throwIfAny()} refuses
 * them all at once (400 with one detail per problem). A reader either collects every problem, or a
 * bounded number of them (a hostile payload with a million bad fields gets a bounded answer), or
 * stops at the first.
 */
public final class Problems {
    /** Reason of a refusal whose first problem is a field the reader does not know. */
    public static final String UNKNOWN_FIELD = "unknown_field";

    private final List<ApiError.Detail> details = new ArrayList<>();
    private final int max;
    private final boolean failFast;
    private String reason;

    private Problems(int max, boolean failFast) {
        this.max = max;
        this.failFast = failFast;
    }

    /** Keeps every problem. */
    public static Problems collecting() {
        return new Problems(Integer.MAX_VALUE, false);
    }

    /** Keeps the first {@code max} problems; later ones are dropped (still refused). */
    public static Problems collecting(int max) {
        return new Problems(max, false);
    }

    /** Throws the first problem at once, as a 400 naming its field. */
    public static Problems failFast() {
        return new Problems(1, true);
    }

    public void add(String field, String message) {
        add(ApiException.INVALID_FIELD, field, message);
    }

    /** Records a problem counted under {@code reason} when it is the first. */
    public void add(String reason, String field, String message) {
        if (failFast) {
            throw ApiException.invalid(reason, field, message);
        }
        if (this.reason == null) {
            this.reason = reason;
        }
        if (details.size() < max) {
            details.add(new ApiError.Detail(field, message));
        }
    }

    public void add(ApiError.Detail detail) {
        add(detail.field(), detail.message());
    }

    public boolean isEmpty() {
        return reason == null;
    }

    /** How many problems were kept. */
    public int size() {
        return details.size();
    }

    public List<ApiError.Detail> list() {
        return List.copyOf(details);
    }

    /** 400 with every kept problem as a detail when there is any. */
    public void throwIfAny() {
        if (!isEmpty()) {
            throw ApiException.invalidFields(reason, details);
        }
    }
}
