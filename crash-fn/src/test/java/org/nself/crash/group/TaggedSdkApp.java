package org.nself.crash.group;

import io.sentry.Sentry;
import io.sentry.protocol.App;
import io.sentry.protocol.Device;
import io.sentry.protocol.OperatingSystem;
import java.util.List;

/**
 * An app that reports through the real Java SDK: it sets contexts and tags as an app does (the Android SDK
 * fills the same contexts), and captures the same failure three times with a scope tag each. It runs as its
 * own process ({@link SentrySdkTagsTest}), so the SDK it warms up is not the one other tests drive.
 */
public final class TaggedSdkApp {
    private TaggedSdkApp() {}

    /** {@code args[0]} is the DSN. */
    public static void main(String[] args) {
        Sentry.init(options -> {
            options.setDsn(args[0]);
            options.setRelease("tagged-app@3.2.0");
            options.setEnvironment("staging");
            options.setEnableShutdownHook(false);
            options.setFlushTimeoutMillis(15_000);
        });
        try {
            Sentry.configureScope(scope -> {
                OperatingSystem os = new OperatingSystem();
                os.setName("Android");
                os.setVersion("14");
                scope.getContexts().setOperatingSystem(os);
                Device device = new Device();
                device.setModel("Pixel 8");
                scope.getContexts().setDevice(device);
                App app = new App();
                app.setAppVersion("3.2.0");
                app.setAppBuild("320");
                scope.getContexts().setApp(app);
            });
            Sentry.setTag("screen", "checkout");
            Sentry.setTag("note", "x".repeat(201));
            for (String tier : List.of("pro", "free", "pro")) {
                Sentry.withScope(scope -> {
                    scope.setTag("tier", tier);
                    Sentry.captureException(failure());
                });
            }
            Sentry.flush(15_000);
        } finally {
            Sentry.close();
        }
    }

    /** One place the three captures come from, so that they are one group. */
    private static IllegalStateException failure() {
        return new IllegalStateException("checkout failed");
    }
}
