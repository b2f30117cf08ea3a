package org.nself.crash.envelope;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.nself.crash.Api;

/** A project made through the API for one test (in an account of its own): its DSN key and what it holds. */
record SentryProject(Api api, JsonMapper json, long id, String key) {
    static SentryProject create(EmbeddedServer server, JsonMapper json) {
        Api api = new Api(server.getURI());
        Map<String, Object> project = Api.json(
                json, api.post("/api/v1/projects", "{\"name\":\"sentry\"}").body());
        return new SentryProject(
                api, json, ((Number) project.get("id")).longValue(), (String) project.get("public_key"));
    }

    /** {@code POST /api/{id}/{route}/?sentry_key=…} with these headers. */
    HttpResponse<String> post(String route, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = api.anonymous("/api/" + id + "/" + route + "/?sentry_key=" + key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return api.send(request.build());
    }

    HttpResponse<String> envelope(byte[] body, Map<String, String> headers) {
        return post("envelope", body, headers);
    }

    /** How many groups match {@code q}. */
    long crashes(String q) {
        return total("/api/v1/crashes?q=" + q);
    }

    long sessions() {
        return total("/api/v1/sessions");
    }

    private long total(String path) {
        return ((Number) Api.json(json, api.get(path).body()).get("total")).longValue();
    }
}
