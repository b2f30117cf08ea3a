package org.nself.anomaly;

import org.nself.shared.config.NselfServer;

/** nself-anomaly as a local Netty server (port 3842). In Lambda the handlers in org.nself.shared.lambda start it. */
public final class Application {
    private Application() {}

    public static void main(String[] args) {
        NselfServer.run(Application.class, "nself-anomaly", args);
    }
}
