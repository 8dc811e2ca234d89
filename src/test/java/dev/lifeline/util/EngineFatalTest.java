package dev.lifeline.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A task's exception is logged and the engine goes on; a VirtualMachineError reaches the fatal handler. */
class EngineFatalTest {
    @Test
    void anExceptionIsSwallowedButAVirtualMachineErrorGoesToTheFatalHandler() throws Exception {
        try (Engine engine = new Engine(Clock.SYSTEM)) {
            CompletableFuture<VirtualMachineError> fatal = new CompletableFuture<>();
            engine.onFatal(fatal::complete);
            engine.execute(() -> { throw new IllegalStateException("one task's bug"); });
            assertEquals(42, engine.call(() -> 42, 2000), "the engine runs on after an exception");
            assertTrue(!fatal.isDone(), "an exception is not fatal");
            engine.execute(() -> { throw new StackOverflowError("deep"); });
            VirtualMachineError e = fatal.get(2, TimeUnit.SECONDS);
            assertEquals("deep", e.getMessage());
        }
    }
}
