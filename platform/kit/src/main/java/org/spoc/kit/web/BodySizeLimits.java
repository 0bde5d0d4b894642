package org.spoc.kit.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.util.AntPathMatcher;
import org.springframework.util.PathMatcher;
import org.springframework.util.unit.DataSize;

/**
 * The largest request body a path accepts: the first matching Ant-style pattern's limit (a bulk
 * import may take more), else the default. One rule for the services' servlet filter
 * ({@link RequestSizeLimitFilter}) and the gateway's reactive one.
 */
public final class BodySizeLimits {

    private final long defaultMaxBytes;
    private final Map<String, Long> pathLimits = new LinkedHashMap<>();
    private final PathMatcher matcher = new AntPathMatcher();

    /** @param pathLimits other limits for some paths, by Ant-style pattern, in the order they are tried */
    public BodySizeLimits(DataSize defaultMax, Map<String, DataSize> pathLimits) {
        this.defaultMaxBytes = defaultMax.toBytes();
        pathLimits.forEach((pattern, size) -> this.pathLimits.put(pattern, size.toBytes()));
    }

    /** The limit in bytes for a request path. */
    public long limitFor(String path) {
        for (Map.Entry<String, Long> limit : pathLimits.entrySet()) {
            if (matcher.match(limit.getKey(), path)) {
                return limit.getValue();
            }
        }
        return defaultMaxBytes;
    }
}
