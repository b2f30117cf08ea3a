package org.nself.crash.event;

/** One reason input was refused: a JSON path and what is wrong with it. */
public record Problem(String field, String message) {}
