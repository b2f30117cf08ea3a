package org.nself.shared.outbound;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;

/** {@code nself.outbound.allow} (NSELF_OUTBOUND_ALLOW): what {@link OutboundPolicy} lets through, empty for nothing. */
@ConfigurationProperties("nself.outbound")
@Context
record OutboundSettings(String allow) {}
