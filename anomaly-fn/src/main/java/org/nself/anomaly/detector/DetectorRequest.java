package org.nself.anomaly.detector;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/** Create (all of it) or patch (any of it; absent and null mean "keep"). */
@Serdeable
public record DetectorRequest(
        @Nullable String id,
        @Nullable String name,
        @Nullable Map<String, Object> source,
        @Nullable String algorithm,
        @Nullable Map<String, Object> params,
        @Nullable Map<String, Object> threshold,
        @Nullable String schedule,
        @Nullable Boolean enabled) {}
