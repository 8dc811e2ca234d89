package dev.lifeline.sip.registrar;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the 200 OK of a REGISTER is built and sent once its binding is durable. Without it the
 * group-commit thread did that for every REGISTER of a burst, one after the other: building and
 * encoding a response costs more than the commit, so that one thread capped the registrar at
 * about 4,000 REGISTERs/s while a core stood idle. Two threads (the box has two cores; the SIP
 * stack's receive workers do the rest), created on demand and gone when idle. The queue is
 * bounded; when it is full the commit thread answers itself, as before, which slows the commits
 * and so the intake — back-pressure instead of growth.
 */
final class ReplyThreads {
    private static final AtomicInteger NEXT = new AtomicInteger();

    static final Executor POOL = create();

    private ReplyThreads() { }

    private static Executor create() {
        ThreadPoolExecutor p = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4_096), r -> {
            Thread t = new Thread(r, "registrar-reply-" + NEXT.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
        p.allowCoreThreadTimeOut(true);
        return p;
    }
}
