package org.nself.anomaly.detector;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.time.Instant;
import java.util.Objects;
import org.nself.anomaly.scoring.ScorePoints;
import org.nself.anomaly.source.SourceConfig;
import org.nself.shared.auth.AccountClaims;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.tenancy.AccountId;

/** {@code /api/v1/detectors}: create, list, read, change (retrains), delete. */
@Controller("/api/v1/detectors")
@Secured(SecurityRule.IS_AUTHENTICATED)
final class DetectorController {
    private final DetectorRepository detectors;
    private final ScorePoints scoring;
    private final TransactionOperations<Connection> tx;

    DetectorController(DetectorRepository detectors, ScorePoints scoring, TransactionOperations<Connection> tx) {
        this.detectors = detectors;
        this.scoring = scoring;
        this.tx = tx;
    }

    @Post
    HttpResponse<DetectorView> create(AccountId account, @Nullable Authentication caller, @Body DetectorRequest body) {
        if (body.id() == null || !DetectorSpec.ID.matcher(body.id()).matches()) {
            throw ApiException.invalid("id", "is required: 1-128 of A-Z a-z 0-9 . _ - starting with a letter or digit");
        }
        DetectorSpec spec = DetectorSpec.validate(
                body.name() == null ? body.id() : body.name(),
                body.source(),
                body.algorithm(),
                body.params(),
                body.threshold(),
                body.schedule(),
                body.enabled());
        requireOperatorForSql(caller, spec.source());
        if (!detectors.insert(account.value(), body.id(), spec)) {
            throw new ApiException(ErrorCode.CONFLICT, "detector " + body.id() + " already exists");
        }
        return HttpResponse.created(
                DetectorView.of(detectors.find(account.value(), body.id()).orElseThrow()));
    }

    @Get
    ListView<DetectorView> list(AccountId account, PageRequest page) {
        return ListView.of(
                detectors.list(account.value(), page.limit(), page.offset()).stream()
                        .map(DetectorView::of)
                        .toList(),
                detectors.count(account.value()),
                page);
    }

    @Get("/{id}")
    DetectorView get(AccountId account, @PathVariable String id) {
        return DetectorView.of(
                detectors.find(account.value(), id).orElseThrow(() -> ApiException.notFound("detector")));
    }

    @Patch("/{id}")
    DetectorView patch(
            AccountId account, @Nullable Authentication caller, @PathVariable String id, @Body DetectorRequest body) {
        if (body.id() != null && !body.id().equals(id)) {
            throw ApiException.invalid("id", "cannot be changed");
        }
        return tx.executeWrite(s -> {
            Connection c = s.getConnection();
            Detector d = detectors.lock(c, account.value(), id).orElseThrow(() -> ApiException.notFound("detector"));
            DetectorSpec spec = DetectorSpec.validate(
                    body.name() == null ? d.name() : body.name(),
                    body.source() == null ? d.source().toMap() : body.source(),
                    body.algorithm() == null ? d.algorithm() : body.algorithm(),
                    body.params() == null ? (body.algorithm() == null ? d.params() : null) : body.params(),
                    body.threshold() == null ? d.threshold().toMap() : body.threshold(),
                    body.schedule() == null
                            ? (d.scheduleSeconds() == null ? null : d.scheduleSeconds() + "s")
                            : body.schedule(),
                    body.enabled() == null ? d.enabled() : body.enabled());
            if (body.source() != null) {
                requireOperatorForSql(caller, spec.source());
            }
            boolean modelChanged = !spec.algorithm().equals(d.algorithm())
                    || !Objects.equals(spec.params(), d.params())
                    || !spec.threshold().equals(d.threshold())
                    || !spec.source().equals(d.source());
            Detector next = new Detector(
                    d.account(),
                    d.id(),
                    spec.name(),
                    spec.source(),
                    spec.algorithm(),
                    spec.params(),
                    spec.threshold(),
                    spec.scheduleSeconds(),
                    spec.enabled(),
                    d.status(),
                    d.statusReason(),
                    d.state(),
                    d.ruleState(),
                    d.pointsLearned(),
                    d.lastTimestamp(),
                    d.watermark(),
                    spec.scheduleSeconds() == null ? null : (d.nextRunAt() == null ? Instant.now() : d.nextRunAt()),
                    modelChanged ? d.version() + 1 : d.version(),
                    d.lastRunAt(),
                    d.createdAt(),
                    d.updatedAt());
            if (modelChanged) {
                ScorePoints.Retrained r = scoring.retrain(c, next);
                next = new Detector(
                        next.account(),
                        next.id(),
                        next.name(),
                        next.source(),
                        next.algorithm(),
                        next.params(),
                        next.threshold(),
                        next.scheduleSeconds(),
                        next.enabled(),
                        next.status(),
                        null,
                        r.state(),
                        r.ruleState(),
                        r.learned(),
                        next.lastTimestamp(),
                        next.watermark(),
                        next.nextRunAt(),
                        next.version(),
                        next.lastRunAt(),
                        next.createdAt(),
                        next.updatedAt());
            }
            DetectorStatus status = !next.enabled()
                    ? DetectorStatus.PAUSED
                    : next.pointsLearned() >= next.warmupPoints() ? DetectorStatus.ACTIVE : DetectorStatus.LEARNING;
            if (next.enabled() && d.status() == DetectorStatus.ERROR && !modelChanged) {
                status = DetectorStatus.ERROR;
            }
            next = new Detector(
                    next.account(),
                    next.id(),
                    next.name(),
                    next.source(),
                    next.algorithm(),
                    next.params(),
                    next.threshold(),
                    next.scheduleSeconds(),
                    next.enabled(),
                    status,
                    status == DetectorStatus.ERROR ? next.statusReason() : null,
                    next.state(),
                    next.ruleState(),
                    next.pointsLearned(),
                    next.lastTimestamp(),
                    next.watermark(),
                    next.nextRunAt(),
                    next.version(),
                    next.lastRunAt(),
                    next.createdAt(),
                    next.updatedAt());
            detectors.saveConfig(c, next);
            return DetectorView.of(detectors.lock(c, account.value(), id).orElseThrow());
        });
    }

    @Delete("/{id}")
    HttpResponse<Void> delete(AccountId account, @PathVariable String id) {
        if (!detectors.delete(account.value(), id)) {
            throw ApiException.notFound("detector");
        }
        return HttpResponse.status(HttpStatus.NO_CONTENT);
    }

    /**
     * A {@code sql} source runs its query against the service's database, where every account's rows live:
     * only the operator (plugin secret) may write one; a user of one account (JWT) gets 403.
     */
    static void requireOperatorForSql(Authentication caller, SourceConfig source) {
        if (source instanceof SourceConfig.Sql && !AccountClaims.isOperator(caller)) {
            throw new ApiException(
                    ErrorCode.FORBIDDEN,
                    "a sql source queries the service's database across accounts; only the operator"
                            + " (plugin secret) may configure one");
        }
    }
}
