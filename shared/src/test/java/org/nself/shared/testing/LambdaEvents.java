package org.nself.shared.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * API Gateway events for driving a function's Lambda handler in-process, built on AWS's documented
 * sample events (REST API payload v1, HTTP API payload v2) with the method, path, query, headers and
 * body of the request under test.
 */
public final class LambdaEvents {
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private LambdaEvents() {}

    /** What a handler answered, in the terms a test compares with the HTTP server's answer. */
    public record Answer(int status, Map<String, String> headers, String body) {}

    public static APIGatewayProxyRequestEvent v1(
            String method, String pathAndQuery, Map<String, String> headers, String body) {
        APIGatewayProxyRequestEvent event = read("apigw-v1-sample.json", APIGatewayProxyRequestEvent.class);
        String path = pathOf(pathAndQuery);
        event.setHttpMethod(method);
        event.setPath(path);
        event.getRequestContext().setHttpMethod(method);
        event.getRequestContext().setPath("/Prod" + path);
        event.setPathParameters(Map.of("proxy", path.substring(1)));
        Map<String, String> all = new LinkedHashMap<>(event.getHeaders());
        all.putAll(headers);
        event.setHeaders(all);
        Map<String, List<String>> multi = new LinkedHashMap<>();
        all.forEach((k, v) -> multi.put(k, List.of(v)));
        event.setMultiValueHeaders(multi);
        Map<String, String> query = queryOf(pathAndQuery);
        event.setQueryStringParameters(query.isEmpty() ? null : query);
        Map<String, List<String>> multiQuery = new LinkedHashMap<>();
        query.forEach((k, v) -> multiQuery.put(k, List.of(v)));
        event.setMultiValueQueryStringParameters(query.isEmpty() ? null : multiQuery);
        event.setBody(body);
        event.setIsBase64Encoded(false);
        return event;
    }

    public static APIGatewayV2HTTPEvent v2(
            String method, String pathAndQuery, Map<String, String> headers, String body) {
        APIGatewayV2HTTPEvent event = read("apigw-v2-sample.json", APIGatewayV2HTTPEvent.class);
        String path = pathOf(pathAndQuery);
        event.setRawPath(path);
        int q = pathAndQuery.indexOf('?');
        event.setRawQueryString(q < 0 ? "" : pathAndQuery.substring(q + 1));
        Map<String, String> query = queryOf(pathAndQuery);
        event.setQueryStringParameters(query.isEmpty() ? null : query);
        event.getRequestContext().getHttp().setMethod(method);
        event.getRequestContext().getHttp().setPath(path);
        event.setRouteKey("$default");
        Map<String, String> all = new LinkedHashMap<>(event.getHeaders());
        headers.forEach((k, v) -> all.put(k.toLowerCase(java.util.Locale.ROOT), v));
        all.put("content-length", String.valueOf(body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length));
        event.setHeaders(all);
        event.setBody(body);
        event.setIsBase64Encoded(false);
        return event;
    }

    public static Answer answer(APIGatewayProxyResponseEvent response) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (response.getHeaders() != null) {
            headers.putAll(response.getHeaders());
        }
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        }
        return new Answer(
                response.getStatusCode(),
                headers,
                decode(response.getBody(), Boolean.TRUE.equals(response.getIsBase64Encoded())));
    }

    public static Answer answer(APIGatewayV2HTTPResponse response) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (response.getHeaders() != null) {
            headers.putAll(response.getHeaders());
        }
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        }
        return new Answer(response.getStatusCode(), headers, decode(response.getBody(), response.getIsBase64Encoded()));
    }

    private static String decode(String body, boolean base64) {
        if (body == null) {
            return "";
        }
        return base64 ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8) : body;
    }

    private static <T> T read(String resource, Class<T> type) {
        try (InputStream in = LambdaEvents.class.getResourceAsStream(resource)) {
            return JSON.readValue(in, type);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    private static String pathOf(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    }

    private static Map<String, String> queryOf(String pathAndQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        int q = pathAndQuery.indexOf('?');
        if (q < 0) {
            return query;
        }
        for (String pair : pathAndQuery.substring(q + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.put(key, value);
        }
        return query;
    }
}
