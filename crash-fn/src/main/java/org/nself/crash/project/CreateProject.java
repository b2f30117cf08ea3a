package org.nself.crash.project;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.sql.Connection;
import java.util.HexFormat;
import org.nself.shared.tenancy.AccountId;

/** Creates a project with a new random DSN public key. */
@Singleton
record CreateProject(ProjectRepository projects, TransactionOperations<Connection> transactions) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The project as stored, with the id and creation time the database gave it. */
    Project create(AccountId account, CreateProjectRequest request) {
        String name = request.validName();
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        String publicKey = HexFormat.of().formatHex(key);
        return transactions.executeWrite(status -> {
            Project saved = projects.save(new Project(null, account.value(), name, publicKey, null));
            return projects.find(account.value(), saved.id()).orElseThrow();
        });
    }
}
