package org.nself.shared.testing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.nself.shared.outbound.HostResolver;

/**
 * A name server that answers one name with a different address on each lookup (the last answer repeats),
 * as a DNS-rebinding attacker's would; any other name does not resolve. Counts the lookups.
 */
public final class ScriptedResolver implements HostResolver {
    private final String name;
    private final List<String> answers;
    private final AtomicInteger lookups = new AtomicInteger();

    public ScriptedResolver(String name, String... answers) {
        this.name = name;
        this.answers = List.of(answers);
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        if (!host.equalsIgnoreCase(name)) {
            throw new UnknownHostException(host);
        }
        int i = lookups.getAndIncrement();
        // an address literal: getByName parses it without asking any name service
        return List.of(InetAddress.getByName(answers.get(Math.min(i, answers.size() - 1))));
    }

    public int lookups() {
        return lookups.get();
    }
}
