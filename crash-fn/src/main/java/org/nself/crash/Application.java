package org.nself.crash;

import org.nself.shared.config.NselfServer;

/** nself-crash as a local Netty server (port 3841). In Lambda the handlers in org.nself.shared.lambda start it. */
public final class Application {
    private Application() {}

    public static void main(String[] args) {
        NselfServer.run(Application.class, "nself-crash", args);
    }
}
