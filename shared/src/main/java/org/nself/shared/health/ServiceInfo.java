package org.nself.shared.health;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;

/** Which plugin this process is, for /health ({@code nself.service.*}: the plugin from application.yml). */
@ConfigurationProperties("nself.service")
@Context
public record ServiceInfo(String plugin, String version) {}
