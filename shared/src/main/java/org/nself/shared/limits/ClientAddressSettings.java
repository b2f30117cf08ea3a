package org.nself.shared.limits;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;

/** {@code nself.client-address.trusted-header} (NSELF_TRUSTED_PROXY_HEADER), empty when no proxy is trusted. */
@ConfigurationProperties("nself.client-address")
@Context
record ClientAddressSettings(String trustedHeader) {}
