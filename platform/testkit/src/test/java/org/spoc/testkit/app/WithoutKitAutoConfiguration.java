package org.spoc.testkit.app;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;

/** Leaves out the service kit's auto-configurations ({@code org.spoc.kit.*}) from the test application. */
public class WithoutKitAutoConfiguration implements AutoConfigurationImportFilter {

    @Override
    public boolean[] match(@Nullable String[] candidates, AutoConfigurationMetadata metadata) {
        boolean[] matches = new boolean[candidates.length];
        for (int i = 0; i < candidates.length; i++) {
            matches[i] = candidates[i] == null || !candidates[i].startsWith("org.spoc.kit.");
        }
        return matches;
    }
}
