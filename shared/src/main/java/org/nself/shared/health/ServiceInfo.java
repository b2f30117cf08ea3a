package org.nself.shared.health;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/** Which plugin this process is, for /health. */
@Singleton
public record ServiceInfo(
        @Value("${nself.service.plugin}") String plugin, @Value("${nself.service.version:0.1.0}") String version) {}
