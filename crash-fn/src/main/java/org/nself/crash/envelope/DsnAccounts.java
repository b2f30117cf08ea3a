package org.nself.crash.envelope;

import java.util.Map;
import org.nself.crash.project.Project;
import org.nself.crash.project.ProjectRepository;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.limits.IngestRateLimiter;
import org.nself.shared.tenancy.AccountId;

/** The account of a Sentry route's DSN key: every route that takes one answers alike. */
final class DsnAccounts {
    private DsnAccounts() {}

    /** The project the key belongs to (401 otherwise), then the account's rate limit. */
    static AccountId authenticated(
            ProjectRepository projects,
            IngestRateLimiter limiter,
            String projectId,
            String key,
            Map<String, String> limitHeaders) {
        Project project =
                projects.byKey(key).orElseThrow(() -> new ApiException(ErrorCode.UNAUTHORIZED, "unknown DSN key"));
        if (!Long.toString(project.id()).equals(projectId)) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "the DSN key does not belong to project " + projectId);
        }
        AccountId account = new AccountId(project.account());
        limiter.checkAccount(account, limitHeaders);
        return account;
    }
}
