package org.nself.anomaly.source;

import java.util.Map;

/** Parsing entry point for other packages. */
public final class Sources {
    private Sources() {}

    public static SourceConfig parse(Map<String, Object> map) {
        return SourceConfig.parse(map);
    }
}
