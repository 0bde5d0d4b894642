package org.spoc.kit.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** HTTP limits shared by the services. */
@ConfigurationProperties("spoc.web")
public record WebProperties(@DefaultValue("1MB") DataSize maxBodySize) {
}
