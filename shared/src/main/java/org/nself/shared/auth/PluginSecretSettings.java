package org.nself.shared.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import org.nself.shared.config.Secret;

/** The operator's bearer token ({@code nself.auth.plugin-secret}, mapped from PLUGIN_SECRET). */
@ConfigurationProperties("nself.auth")
@Context
@Requires(property = "nself.auth.plugin-secret")
record PluginSecretSettings(Secret pluginSecret) {}
