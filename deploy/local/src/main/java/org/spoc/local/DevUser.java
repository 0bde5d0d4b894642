package org.spoc.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.json.JsonMapper;

/** A user of the development identity provider, as listed in {@code users.json}. */
@JsonIgnoreProperties(ignoreUnknown = true)
record DevUser(String username, String name, String email, List<String> roles, List<String> groups,
        String passwordHash) {

    DevUser {
        roles = List.copyOf(roles);
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record UsersFile(List<DevUser> users) {
    }

    /** The users of {@code file}, or of the bundled {@code users.json} when {@code file} is null. */
    static Map<String, DevUser> load(JsonMapper json, @org.jspecify.annotations.Nullable Path file) throws IOException {
        UsersFile users;
        if (file != null) {
            try (InputStream in = Files.newInputStream(file)) {
                users = json.readValue(in, UsersFile.class);
            }
        }
        else {
            try (InputStream in = DevUser.class.getResourceAsStream("/users.json")) {
                if (in == null) {
                    throw new IOException("users.json is not on the classpath");
                }
                users = json.readValue(in, UsersFile.class);
            }
        }
        Map<String, DevUser> byName = new LinkedHashMap<>();
        for (DevUser user : users.users()) {
            byName.put(user.username(), user);
        }
        return Map.copyOf(byName);
    }
}
