package org.nself.crash.symbolication;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nself.crash.symbolication.DifAssembly.FileAnswer;
import org.nself.crash.symbolication.DifAssembly.FileRequest;
import org.nself.shared.error.ApiException;
import org.nself.shared.tenancy.AccountId;

/**
 * sentry-cli's {@code difs/assemble}: for each file (keyed by the SHA-1 of its content) either the chunks
 * still missing ({@code not_found}, which sentry-cli then uploads and asks again), or the file joined from
 * its chunks, checked against its SHA-1 and stored as {@code POST /api/v1/dsyms} stores a file ({@code ok}
 * with the stored file, or {@code error} with the reason). Assembly happens within the request, so no file is
 * ever left {@code created} or {@code assembling}; a file already stored answers {@code ok} at once.
 */
@Singleton
record AssembleDifs(
        ChunkRepository chunks,
        UploadSymbolFile upload,
        SymbolFileRepository files,
        SymbolSettings symbols,
        ChunkUploadSettings settings) {
    static final int MAX_FILES = 1000;
    /** upload-proguard names a mapping by the UUID it computed: {@code /proguard/<uuid>.txt}. */
    private static final Pattern PROGUARD_NAME = Pattern.compile("^/?proguard/([0-9a-fA-F-]{36})\\.txt$");

    Map<String, FileAnswer> assemble(AccountId account, Map<String, FileRequest> request) {
        if (request.size() > MAX_FILES) {
            throw ApiException.invalid("body", "at most " + MAX_FILES + " files per request");
        }
        long maxChunks = symbols.maxUploadBytes() / settings.chunkSize() + 1;
        request.forEach((checksum, file) -> {
            if (!UploadChunks.SHA1.matcher(checksum).matches()) {
                throw ApiException.invalid("body", "a file is keyed by the SHA-1 of its content (40 hex digits)");
            }
            List<String> list = file == null || file.chunks() == null ? List.of() : file.chunks();
            if (list.size() > maxChunks) {
                throw ApiException.invalid(checksum + ".chunks", "more chunks than a file of the upload limit has");
            }
            for (String chunk : list) {
                if (chunk == null || !UploadChunks.SHA1.matcher(chunk).matches()) {
                    throw ApiException.invalid(checksum + ".chunks", "a chunk is named by its SHA-1 (40 hex digits)");
                }
            }
        });
        Map<String, FileAnswer> answers = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        request.forEach((checksum, file) -> {
            List<String> list = file == null || file.chunks() == null ? List.of() : file.chunks();
            FileAnswer answer = assembleOne(account, checksum, file == null ? new FileRequest(null, null, list) : file);
            answers.put(checksum, answer);
            if (answer.state().equals(DifAssembly.State.OK.wire())) {
                used.addAll(list);
            }
        });
        chunks.markAssembled(account, used);
        return answers;
    }

    private FileAnswer assembleOne(AccountId account, String checksum, FileRequest file) {
        String declared = declaredDebugId(file);
        Optional<SymbolFileView> stored = chunks.assembled(account, checksum).flatMap(id -> files.find(account, id));
        if (stored.isPresent()) {
            return FileAnswer.ok(DifAssembly.Dif.of(stored.get(), checksum, declared));
        }
        List<String> list = file.chunks();
        if (list.isEmpty()) {
            return FileAnswer.error("the file has no chunks: an empty file is not a symbol file");
        }
        Map<String, Integer> sizes = chunks.sizes(account, list);
        List<String> missing = new ArrayList<>(new LinkedHashSet<>(list));
        missing.removeAll(sizes.keySet());
        if (!missing.isEmpty()) {
            return FileAnswer.missing(missing);
        }
        long total = list.stream().mapToLong(sizes::get).sum();
        if (total > symbols.maxUploadBytes()) {
            return FileAnswer.error("symbol file exceeds " + symbols.maxUploadBytes() + " bytes");
        }
        Optional<byte[]> joined = chunks.join(account, list, total);
        if (joined.isEmpty()) {
            return FileAnswer.missing(List.copyOf(new LinkedHashSet<>(list)));
        }
        if (!UploadChunks.sha1(joined.get()).equals(checksum)) {
            return FileAnswer.error("the chunks do not make up a file whose SHA-1 is " + checksum);
        }
        SymbolFileRepository.Saved saved;
        try {
            saved = upload.upload(account, joined.get(), file.name(), declared);
        } catch (ApiException e) {
            return FileAnswer.error(e.getMessage());
        }
        UUID id = saved.file().id();
        chunks.recordAssembled(account, checksum, id);
        return FileAnswer.ok(DifAssembly.Dif.of(saved.file(), checksum, declared));
    }

    /** The debug id sentry-cli sent, or for upload-proguard the UUID in the name. */
    private static String declaredDebugId(FileRequest file) {
        if (file.debugId() != null && !file.debugId().isBlank()) {
            return file.debugId();
        }
        Matcher proguard = PROGUARD_NAME.matcher(file.name() == null ? "" : file.name());
        return proguard.matches() ? proguard.group(1).toLowerCase(java.util.Locale.ROOT) : null;
    }
}
