package org.nself.crash.project;

/** A DSN's project: its account, its numeric id and its public key. */
public record Project(String account, long id, String publicKey) {}
