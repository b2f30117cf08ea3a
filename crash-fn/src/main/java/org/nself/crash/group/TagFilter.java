package org.nself.crash.group;

import org.nself.crash.event.EventTags;
import org.nself.shared.error.ApiException;

/**
 * One {@code ?tag=} filter of the group list: groups with a report that carries this value of this tag.
 * Written {@code key:value} (split at the first colon), or {@code tags[key]:value} for a key that holds
 * a colon, as Sentry's search writes it.
 */
record TagFilter(String key, String value) {
    /** Filters one list request may combine (all must hold). */
    static final int MAX = 10;

    static TagFilter parse(String raw) {
        String key;
        String rest;
        if (raw.startsWith("tags[") && raw.indexOf("]:") > 0) {
            int end = raw.indexOf("]:");
            key = raw.substring("tags[".length(), end);
            rest = raw.substring(end + 2);
        } else if (raw.indexOf(':') > 0) {
            key = raw.substring(0, raw.indexOf(':'));
            rest = raw.substring(raw.indexOf(':') + 1);
        } else {
            throw ApiException.invalid("tag", "must be key:value, e.g. os.name:Android");
        }
        String keyProblem = EventTags.keyProblem(key);
        if (keyProblem != null) {
            throw ApiException.invalid("tag", "the key " + keyProblem);
        }
        String valueProblem = EventTags.valueProblem(rest);
        if (valueProblem != null) {
            throw ApiException.invalid("tag", "the value " + valueProblem);
        }
        return new TagFilter(key, rest);
    }
}
