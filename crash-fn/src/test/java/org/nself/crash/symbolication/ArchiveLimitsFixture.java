package org.nself.crash.symbolication;

final class ArchiveLimitsFixture {
    static final ArchiveLimits SMALL = new ArchiveLimits(20, 1 << 20, 4 << 20, 100, 2 << 20);

    private ArchiveLimitsFixture() {}
}
