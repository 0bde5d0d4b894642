package org.spoc.kit.work;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A background loop that runs {@link #pass()} again at once while it reports more work, otherwise
 * every {@code interval} or as soon as it is {@link #wake()}d. A failing pass is reported to
 * {@link #failed(RuntimeException)} and retried on the next one; the loop never dies of it. Stopping
 * lets the current pass finish (up to the grace period) before the thread is interrupted.
 */
public abstract class PollingWorker implements SmartLifecycle {

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String name;
    private final Duration interval;
    private final Duration stopGrace;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private boolean woken;
    private volatile boolean running;
    private @Nullable Thread thread;

    protected PollingWorker(String name, Duration interval) {
        this(name, interval, Duration.ofSeconds(5));
    }

    protected PollingWorker(String name, Duration interval, Duration stopGrace) {
        this.name = name;
        this.interval = interval;
        this.stopGrace = stopGrace;
    }

    /** One round of work; answers true when there may be more to do at once. */
    protected abstract boolean pass();

    /** A pass threw: logged by default; subclasses may count it. */
    protected void failed(RuntimeException ex) {
        log.warn("{} pass failed, retrying on the next pass: {}", name, ex.toString());
    }

    /** Runs the next pass now instead of after the interval. */
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
        wake();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(stopGrace.toMillis());
                if (t.isAlive()) {
                    t.interrupt();
                    t.join(1_000);
                }
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
                    failed(ex);
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
            if (!woken && running) {
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
