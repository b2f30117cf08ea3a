package org.nself.crash.minidump;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The registers of one frame by their {@link Arch} names: {@code values} as the walk carried them and
 * {@code valid} the ones it knows to be right in this frame. A walker that copies its callee's context
 * (Breakpad's frame-pointer and scanning steps) keeps stale values that are no longer valid; a few of
 * its rules read those, so both are kept.
 */
public record Registers(Arch arch, Map<String, Long> values, Set<String> valid) {
    public Registers {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        valid = Collections.unmodifiableSet(new LinkedHashSet<>(valid));
    }

    /** A context as a dump holds it: every register valid. */
    static Registers all(Arch arch, Map<String, Long> values) {
        return new Registers(arch, values, values.keySet());
    }

    /** The value of a valid register. */
    public Optional<Long> get(String name) {
        return valid.contains(name) ? Optional.ofNullable(values.get(name)) : Optional.empty();
    }

    /** The value carried for {@code name}, valid or not (0 when never set). */
    long raw(String name) {
        Long v = values.get(name);
        return v == null ? 0 : v;
    }

    /** The valid registers with their values (what CFI rules may read). */
    Map<String, Long> validValues() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String name : valid) {
            Long v = values.get(name);
            if (v != null) {
                out.put(name, v);
            }
        }
        return out;
    }

    public long pc() {
        return raw(arch.pc());
    }

    long sp() {
        return raw(arch.sp());
    }

    /** This context with {@code changes} set, and only {@code nowValid} valid. */
    Registers next(Map<String, Long> changes, Set<String> nowValid) {
        Map<String, Long> v = new LinkedHashMap<>(values);
        v.putAll(changes);
        return new Registers(arch, v, nowValid);
    }
}
