package org.nself.crash.symbolication;

import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import org.nself.crash.event.CrashEvent;

/** Until symbol files exist, frames pass through as the SDK sent them; a real symbolicator replaces this bean. */
@Singleton
@Secondary
final class UnsymbolicatedFrames implements EventSymbolication {
    @Override
    public CrashEvent symbolicate(String account, CrashEvent event) {
        return event;
    }
}
