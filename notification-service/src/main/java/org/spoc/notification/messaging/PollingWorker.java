package org.spoc.notification.messaging;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A background loop that runs {@link #pass()} every {@code interval}, or at once when {@link #wake()}d.
 * A failing pass is logged and retried on the next one; the loop never dies of it.
 */
abstract class PollingWorker implements SmartLifecycle {

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String name;
    private final Duration interval;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private boolean woken;
    private volatile boolean running;
    private @Nullable Thread thread;

    PollingWorker(String name, Duration interval) {
        this.name = name;
        this.interval = interval;
    }

    /** One round of work; answers true when there may be more to do at once. */
    protected abstract boolean pass();

    public void wake() {
        lock.lock();
        try {
            woken = true;
            signal.signal();
        }
        finally {
            lock.unlock();
        }
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().name(name).daemon().start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        while (running) {
            boolean more = false;
            try {
                more = pass();
            }
            catch (RuntimeException ex) {
                if (running) {
                    log.warn("{} pass failed, retrying on the next pass: {}", name, ex.toString());
                }
            }
            if (!more) {
                await();
            }
        }
    }

    private void await() {
        lock.lock();
        try {
            if (!woken) {
                signal.await(interval.toMillis(), TimeUnit.MILLISECONDS);
            }
            woken = false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            running = false;
        }
        finally {
            lock.unlock();
        }
    }
}
