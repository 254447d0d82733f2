package org.jfsac.clip;

import org.jfsac.core.errors.ErrorLine;

import java.util.List;

/**
 * The contract every fuzz target asserts: an input is either accepted or refused with one of the
 * project's expected exception types carrying a bounded message; anything else (another exception,
 * an Error such as StackOverflowError or OutOfMemoryError) is a finding.
 */
public final class FuzzContract {
    /** Longest message a refusal may carry before the CLI bounds it: a guard against echoing whole inputs. */
    public static final int MAX_MESSAGE = 4096;

    private FuzzContract() {}

    public interface Action { void run() throws Exception; }

    @SafeVarargs
    public static void holds(Action action, Class<? extends Exception>... refusals) {
        try {
            action.run();
        } catch (Exception e) {
            if (List.of(refusals).stream().noneMatch(c -> c.isInstance(e))) throw new AssertionError("unexpected " + e, e);
            String m = e.getMessage();
            if (m == null || m.isBlank()) throw new AssertionError("refusal without a reason", e);
            if (m.length() > MAX_MESSAGE) throw new AssertionError("unbounded message: " + ErrorLine.bound(m, 200), e);
        }
    }
}
