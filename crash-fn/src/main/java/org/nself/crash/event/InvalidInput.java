package org.nself.crash.event;

import java.util.List;

/** Input that breaks the payload rules; the edge turns it into a 400 with one detail per problem. */
public final class InvalidInput extends RuntimeException {
    private final List<Problem> problems;

    public InvalidInput(List<Problem> problems) {
        super(
                problems.isEmpty()
                        ? "invalid input"
                        : problems.get(0).field() + ": " + problems.get(0).message(),
                null,
                false,
                false);
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
