package org.nself.crash.group;

import java.util.List;

/** One page of rows and how many there are in all. */
record Page<T>(List<T> rows, long total) {}
