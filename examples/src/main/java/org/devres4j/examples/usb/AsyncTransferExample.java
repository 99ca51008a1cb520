package org.devres4j.examples.usb;

import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.devres4j.core.DeviceGoneException;
import org.devres4j.core.Unpluggable;

/**
 * An asynchronous USB transfer whose section is opened on the submitting thread and closed on the
 * library's event thread: the unplug cancels what is pending (the wake hook), waits for the
 * completions, and only then releases the interface.
 */
public final class AsyncTransferExample {

    // --- user code begins
    /** The application's device: a transfer holds a section from submit to completion. */
    static final class ManagedUsbDevice {
        private final Unpluggable<FakeUsbDevice> usb;

        ManagedUsbDevice(FakeUsbDevice raw) {
            usb = Unpluggable.builder(raw.name(), raw).onWake(FakeUsbDevice::cancelAll).build();
            usb.onUnplug("release-interface", FakeUsbDevice::releaseInterface);
        }

        CompletableFuture<byte[]> read(int length) {
            Unpluggable.Transfer<FakeUsbDevice> transfer = usb.begin(); // DeviceGoneException once unplugged
            CompletableFuture<byte[]> result = new CompletableFuture<>();
            transfer.handle().submitBulkIn(length, (data, error) -> {
                try {
                    if (error != null) {
                        result.completeExceptionally(error);
                    } else {
                        result.complete(data);
                    }
                } finally {
                    transfer.close();                                    // on the event thread
                }
            });
            return result;
        }

        void unplug() {
            usb.unplug();
        }
    }
    // --- user code ends

    private AsyncTransferExample() {
    }

    /**
     * Runs the example.
     *
     * @param args none
     * @throws Exception if the example breaks
     */
    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    static void run(PrintStream out) throws Exception {
        try (FakeUsbDevice raw = new FakeUsbDevice("usb1-1")) {
            ManagedUsbDevice dev = new ManagedUsbDevice(raw);
            CompletableFuture<byte[]> first = dev.read(64);
            raw.answer();
            out.println("transfer 1: " + first.get(30, TimeUnit.SECONDS).length + " bytes");

            CompletableFuture<byte[]> second = dev.read(512); // the device never answers this one
            dev.unplug();                                      // cancels it, waits for its completion
            out.println("unplug returned: interface claimed " + raw.isClaimed());
            try {
                second.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                out.println("transfer 2: " + e.getCause().getMessage());
            }
            try {
                dev.read(64);
            } catch (DeviceGoneException e) {
                out.println("transfer 3: " + e.getMessage());
            }
            out.println("completions after the interface was released: " + raw.completionsAfterRelease());
        }
    }
}
