package org.nself.crash.group;

import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nself.crash.event.CrashEvent;
import org.nself.crash.event.ExceptionValue;
import org.nself.crash.event.Frame;

/** The crash stack of a symbolicated event as stored for the report view (oldest frame first). */
public final class ReportFrames {
    private ReportFrames() {}

    /** JSON of the main exception's frames (else the crashed thread's); null when there are none. */
    public static String json(JsonMapper json, CrashEvent event) {
        List<Map<String, Object>> out = of(event);
        if (out == null) {
            return null;
        }
        try {
            return json.writeValueAsString(out);
        } catch (IOException e) {
            throw new IllegalStateException("frames could not be written as JSON", e);
        }
    }

    /** The main exception's frames (else the crashed thread's) as the report view shows them; null when none. */
    static List<Map<String, Object>> of(CrashEvent event) {
        ExceptionValue main = event.mainException();
        List<Frame> stack = main != null && !main.frames().isEmpty() ? main.frames() : event.threadFrames();
        if (stack.isEmpty()) {
            return null;
        }
        List<Map<String, Object>> out = new ArrayList<>(stack.size());
        for (Frame frame : stack) {
            Map<String, Object> f = new LinkedHashMap<>();
            put(f, "function", frame.function());
            put(f, "module", frame.module());
            put(f, "package", frame.packageName());
            put(f, "filename", frame.filename());
            put(f, "lineno", frame.lineno());
            put(f, "in_app", frame.inApp());
            put(f, "instruction_addr", frame.instructionAddr() == null ? null : hex(frame.instructionAddr()));
            out.add(f);
        }
        return out;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }
}
