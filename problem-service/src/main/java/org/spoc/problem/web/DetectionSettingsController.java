package org.spoc.problem.web;

import org.spoc.kit.security.CurrentUser;
import org.spoc.kit.web.ApiException;
import org.spoc.problem.domain.detection.DetectionSettings;
import org.spoc.problem.store.DetectionSettingsStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Detection settings in force; admins read and replace them (durations are ISO-8601, e.g. "PT2H"). */
@RestController
@RequestMapping("/api/problem-detection/settings")
class DetectionSettingsController {

    private final DetectionSettingsStore settings;

    DetectionSettingsController(DetectionSettingsStore settings) {
        this.settings = settings;
    }

    @GetMapping
    DetectionSettings get(CurrentUser user) {
        admin(user);
        return settings.current();
    }

    @PutMapping
    DetectionSettings put(CurrentUser user, @RequestBody Requests.Settings body) {
        admin(user);
        try {
            return settings.save(body.toSettings());
        }
        catch (DetectionSettings.InvalidSettingsException ex) {
            throw ApiException.badRequest(ex.field(), ex.getMessage());
        }
    }

    private static void admin(CurrentUser user) {
        if (!user.isAdmin()) {
            throw ApiException.forbidden("detection settings are for admins");
        }
    }
}
