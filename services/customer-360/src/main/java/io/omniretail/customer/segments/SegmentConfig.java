package io.omniretail.customer.segments;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

/** The segments, as configured in omniretail.segments.&lt;id&gt;.* (application.properties, overridable by environment). */
@ConfigMapping(prefix = "omniretail.segments")
public interface SegmentConfig {

    @WithParentName
    Map<String, Definition> definitions();

    interface Definition {
        /** A CEL rule over {@code profile} (the published profile with its traits) and {@code now} (ADR 0021). */
        String rule();

        String description();
    }
}
