package org.nself.crash.project;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.util.List;
import java.util.regex.Pattern;
import org.nself.shared.error.ApiException;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.tenancy.AccountId;

/** DSN keys for Sentry SDKs (bearer): {@code GET/POST /api/v1/projects}, {@code GET/DELETE /api/v1/projects/{id}}. */
@Controller("/api/v1/projects")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class ProjectsController {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\[\\]-]{1,255}");
    private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~-]{1,64}){0,8}");
    private static final Pattern PUBLIC_URL = Pattern.compile(ProjectSettings.PUBLIC_URL);
    private final ProjectRepository projects;
    private final CreateProject create;
    private final java.util.Optional<String> publicUrl;

    ProjectsController(ProjectRepository projects, CreateProject create, ProjectSettings settings) {
        this.projects = projects;
        this.create = create;
        String publicUrl = settings.publicUrl();
        this.publicUrl = publicUrl.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(publicUrl.strip());
    }

    @Post
    @Status(HttpStatus.CREATED)
    ProjectView create(HttpRequest<?> request, AccountId account, @Body CreateProjectRequest body) {
        return view(request, create.create(account, body));
    }

    @Get
    ListView<ProjectView> list(HttpRequest<?> request, AccountId account, PageRequest page) {
        List<ProjectView> rows = projects.list(account.value(), page.limit(), page.offset()).stream()
                .map(row -> view(request, row))
                .toList();
        return ListView.of(rows, projects.count(account.value()), page);
    }

    @Get("/{id}")
    ProjectView get(HttpRequest<?> request, AccountId account, @PathVariable String id) {
        return projects.find(account.value(), projectId(id))
                .map(row -> view(request, row))
                .orElseThrow(() -> ApiException.notFound("project"));
    }

    @Delete("/{id}")
    HttpResponse<Void> delete(AccountId account, @PathVariable String id) {
        if (projects.delete(account.value(), projectId(id)) == 0) {
            throw ApiException.notFound("project");
        }
        return HttpResponse.noContent();
    }

    private static long projectId(String raw) {
        if (raw == null || !raw.matches("\\d{1,18}")) {
            throw ApiException.notFound("project");
        }
        return Long.parseLong(raw);
    }

    /**
     * The DSN: NSELF_CRASH_PUBLIC_URL when set (e.g. {@code https://api.example.com/nself-crash}), else
     * this service as the caller reached it (X-Forwarded-Proto/-Host/-Prefix from nginx, or Host).
     */
    private ProjectView view(HttpRequest<?> request, Project row) {
        if (publicUrl.isPresent()) {
            java.util.regex.Matcher m = PUBLIC_URL.matcher(publicUrl.get());
            m.matches();
            String dsn = m.group(1) + "://" + row.publicKey() + "@" + m.group(2) + m.group(3) + "/" + row.id();
            return new ProjectView(row.id(), row.name(), row.publicKey(), dsn, row.createdAt());
        }
        String host = first(
                request.getHeaders().get("X-Forwarded-Host"),
                request.getHeaders().get("Host"));
        if (host == null || !HOST.matcher(host).matches()) {
            host = "localhost:3841";
        }
        String prefix = request.getHeaders().get("X-Forwarded-Prefix");
        prefix = prefix == null || !PREFIX.matcher(prefix.strip()).matches() ? "" : prefix.strip();
        String scheme = "https".equalsIgnoreCase(request.getHeaders().get("X-Forwarded-Proto")) ? "https" : "http";
        String dsn = scheme + "://" + row.publicKey() + "@" + host + prefix + "/" + row.id();
        return new ProjectView(row.id(), row.name(), row.publicKey(), dsn, row.createdAt());
    }

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a.strip() : b == null ? null : b.strip();
    }
}
