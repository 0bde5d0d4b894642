package org.spoc.e2e;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Stops the platform when the test plan ends, while the test JVM is still alive: a JVM shutdown hook
 * alone races the test runner, which kills its fork shortly after {@code System.exit}, and would leave
 * Kafka or a service running. Its home (data, logs) is removed when every test passed and kept for a
 * look at the parts' logs when one did not.
 */
public class PlatformShutdown implements TestExecutionListener {

    private volatile boolean failed;

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            failed = true;
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        Platform.stopIfStarted(!failed);
    }
}
