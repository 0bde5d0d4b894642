package org.spoc.events;

import java.io.IOException;

import org.junit.jupiter.api.Test;

/**
 * Not a test: rewrites the JSON Schemas and docs/asyncapi.yaml from the records. Its name does not
 * end in {@code Tests}, so surefire runs it only when asked for by name:
 * <pre>
 * ./mvnw -q -B -pl platform/events test -Dtest=RegenerateContractFiles
 * </pre>
 * Run it after changing a payload record, EventType or Topics, review the diff, and commit the files.
 */
class RegenerateContractFiles {

    @Test
    void regenerate() throws IOException {
        SchemaGenerator.main(new String[0]);
        AsyncApiWriter.main(new String[0]);
    }
}
