package org.spoc.kit.web;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * HTTP limits shared by the services.
 *
 * @param maxBodySize the largest request body accepted (413 above it)
 * @param bodyLimits larger or smaller limits for some paths, by Ant-style pattern (for example
 *        {@code /api/tickets/import: 20MB})
 */
@ConfigurationProperties("spoc.web")
public record WebProperties(@DefaultValue("1MB") DataSize maxBodySize, @DefaultValue Map<String, DataSize> bodyLimits) {

    public WebProperties {
        bodyLimits = Map.copyOf(bodyLimits);
    }
}
