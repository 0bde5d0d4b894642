package org.spoc.e2e;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Stops the platform when the test plan ends, while the test JVM is still alive: a JVM shutdown hook
 * alone races the test runner, which kills its fork shortly after {@code System.exit}, and would leave
 * Kafka or a service running.
 */
public class PlatformShutdown implements TestExecutionListener {

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        Platform.stopIfStarted();
    }
}
