package org.scx4j.vm;

/**
 * The guest kernel panicked (the console showed "Kernel panic"), so the VM is gone
 * and every command still running in it failed. Separate from other VM failures
 * because a panic is often what a scheduler test wants to detect.
 */
public final class GuestPanicException extends VmException {

    public GuestPanicException(String message, String consoleTail) {
        super(message, consoleTail, null);
    }
}
