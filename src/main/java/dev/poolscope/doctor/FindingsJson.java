package dev.poolscope.doctor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Findings as the maps the project's one JSON writer (live.report.Json) prints. */
public final class FindingsJson {

    private FindingsJson() {
    }

    public static List<Map<String, Object>> toMaps(List<Finding> findings) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Finding f : findings) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pool", f.pool());
            m.put("severity", f.severity().json());
            m.put("setting", f.setting());
            // Millisecond settings carry *Millis, others the text form; never both.
            if (f.currentMillis() != null || f.recommendedMillis() != null) {
                m.put("currentMillis", f.currentMillis());
                m.put("recommendedMillis", f.recommendedMillis());
            } else {
                m.put("current", f.current());
                m.put("recommended", f.recommended());
            }
            m.put("why", f.why());
            m.put("evidence", f.evidence());
            m.put("library", f.library());
            if (f.recommendedMillis() != null || f.recommended() != null) {
                if (f.isHikari()) {
                    m.put("hikariProperty", f.asHikariProperty());
                }
                m.put("libraryProperty", f.asLibraryProperty());
                m.put("springBootProperty", f.asSpringBootProperty()); // null: Spring Boot does not bind this library
            }
            out.add(m);
        }
        return out;
    }
}
