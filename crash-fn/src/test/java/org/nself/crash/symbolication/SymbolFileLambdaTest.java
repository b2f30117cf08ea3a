package org.nself.crash.symbolication;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.lambda.HttpApiHandler;
import org.nself.shared.testing.LambdaEvents;
import org.nself.shared.testing.PostgresTest;

/** Uploads through the Lambda handler with API Gateway (HTTP API) events, text and binary. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SymbolFileLambdaTest implements PostgresTest {
    @Inject
    ApplicationContext context;

    private static Map<String, String> headers(String account, String contentType) {
        return Map.of("Authorization", "Bearer " + PLUGIN_SECRET, "X-App-Name", account, "Content-Type", contentType);
    }

    private static String account() {
        return "t-" + UUID.randomUUID().toString().substring(0, 12);
    }

    private static APIGatewayV2HTTPEvent binary(String path, Map<String, String> headers, byte[] body) {
        APIGatewayV2HTTPEvent event = LambdaEvents.v2("POST", path, headers, "");
        event.getHeaders().put("content-length", String.valueOf(body.length));
        event.setBody(Base64.getEncoder().encodeToString(body));
        event.setIsBase64Encoded(true);
        return event;
    }

    @Test
    void textSymbolFileUploadedThroughLambdaIsStored() {
        HttpApiHandler handler = new HttpApiHandler(context);

        LambdaEvents.Answer answer = LambdaEvents.answer(handler.handleRequest(
                LambdaEvents.v2("POST", "/api/v1/dsyms", headers(account(), "text/plain"), BreakpadSymbolsTest.SAMPLE),
                null));

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(answer.body()).contains("\"format\":\"breakpad\"").contains("dfb8e43a-f242-3d73-a453-aeb6a777ef75");
    }

    @Test
    void binaryDsymZipUploadedThroughLambdaKeepsItsBytes() {
        HttpApiHandler handler = new HttpApiHandler(context);
        UUID uuid = UUID.randomUUID();
        byte[] zip = MachOBuilder.dsymZip(
                MachOBuilder.arm64(uuid).withSampleSymbols().build());

        LambdaEvents.Answer answer = LambdaEvents.answer(
                handler.handleRequest(binary("/api/v1/dsyms", headers(account(), "application/zip"), zip), null));

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(answer.body()).contains("\"format\":\"dsym\"").contains(uuid.toString());
    }

    @Test
    void multipartUploadThroughLambdaIsStored() {
        HttpApiHandler handler = new HttpApiHandler(context);
        String boundary = "nself-boundary-7d3f";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(
                ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"libgame.sym\"\r\n"
                                + "Content-Type: application/octet-stream\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(BreakpadSymbolsTest.SAMPLE.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));

        LambdaEvents.Answer answer = LambdaEvents.answer(handler.handleRequest(
                binary(
                        "/api/v1/dsyms",
                        headers(account(), "multipart/form-data; boundary=" + boundary),
                        body.toByteArray()),
                null));

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(answer.body()).contains("\"file_name\":\"libgame.sym\"");
    }
}
