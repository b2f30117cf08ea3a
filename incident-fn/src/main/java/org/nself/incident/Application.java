package org.nself.incident;

import org.nself.shared.config.NselfServer;

/** nself-incident-mgmt as a local Netty server (port 3833). In Lambda the handlers in org.nself.shared.lambda start it. */
public final class Application {
    private Application() {}

    public static void main(String[] args) {
        NselfServer.run(Application.class, "nself-incident-mgmt", args);
    }
}
