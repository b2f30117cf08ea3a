package org.nself.crash.symbolication;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The wire types of sentry-cli's {@code difs/assemble} and {@code chunk-upload} (Sentry's camelCase names). */
final class DifAssembly {
    private DifAssembly() {}

    /** One file to assemble, keyed by the SHA-1 of its whole content in the request's object. */
    @Serdeable
    record FileRequest(@Nullable String name, @Nullable String debugId, @Nullable List<String> chunks) {}

    /** Where a file is: the states sentry-cli knows ({@code created} and {@code assembling} are never needed here). */
    enum State {
        NOT_FOUND("not_found"),
        OK("ok"),
        ERROR("error");

        private final String wire;

        State(String wire) {
            this.wire = wire;
        }

        String wire() {
            return wire;
        }
    }

    /** The answer for one file; sentry-cli requires {@code missingChunks} in every answer. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FileAnswer(
            String state,
            @JsonProperty("missingChunks") List<String> missingChunks,
            @Nullable String detail,
            @Nullable Dif dif) {
        static FileAnswer missing(List<String> chunks) {
            return new FileAnswer(State.NOT_FOUND.wire(), chunks, null, null);
        }

        static FileAnswer error(String detail) {
            return new FileAnswer(State.ERROR.wire(), List.of(), detail, null);
        }

        static FileAnswer ok(Dif dif) {
            return new FileAnswer(State.OK.wire(), List.of(), null, dif);
        }
    }

    /** The stored file as sentry-cli prints it ({@code OK <debug id> (<object>; <cpu>)}). */
    @Serdeable
    record Dif(
            @JsonProperty("id") String id,
            @JsonProperty("uuid") String uuid,
            @JsonProperty("debugId") String debugId,
            @JsonProperty("objectName") String objectName,
            @JsonProperty("cpuName") String cpuName,
            @JsonProperty("sha1") String sha1) {
        static Dif of(SymbolFileView file, String sha1, String declaredDebugId) {
            SymbolFileView.DebugIdView identity = file.debugIds().stream()
                    .filter(i -> i.debugId().equals(declaredDebugId))
                    .findFirst()
                    .orElse(file.debugIds().isEmpty() ? null : file.debugIds().get(0));
            String debugId = identity == null ? null : identity.debugId();
            String object = identity != null && identity.debugFile() != null ? identity.debugFile() : file.fileName();
            String arch = identity != null && identity.arch() != null ? identity.arch() : "any";
            return new Dif(file.id().toString(), debugId, debugId, object == null ? "" : object, arch, sha1);
        }
    }

    /** What {@code GET …/chunk-upload/} tells sentry-cli. */
    @Serdeable
    record Options(
            @JsonProperty("url") String url,
            @JsonProperty("chunkSize") int chunkSize,
            @JsonProperty("chunksPerRequest") int chunksPerRequest,
            @JsonProperty("maxFileSize") long maxFileSize,
            @JsonProperty("maxRequestSize") int maxRequestSize,
            @JsonProperty("concurrency") int concurrency,
            @JsonProperty("hashAlgorithm") String hashAlgorithm,
            @JsonProperty("compression") List<String> compression,
            @JsonProperty("accept") List<String> accept) {}
}
