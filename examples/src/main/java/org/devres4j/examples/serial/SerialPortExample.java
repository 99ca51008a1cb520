package org.devres4j.examples.serial;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.devres4j.core.DeviceGoneException;
import org.devres4j.core.Unpluggable;

/**
 * A serial port whose cable is pulled while a reader thread is blocked in a read: the wrapper an
 * application writes (between the markers, counted by a test), then a run that shows the reader woken
 * with {@link DeviceGoneException}, writes refused, and the native handle closed only after the read
 * left it.
 */
public final class SerialPortExample {

    // --- user code begins
    /** The application's port: every call goes through the Unpluggable; the OS's detach unplugs it. */
    static final class ManagedSerialPort implements AutoCloseable {
        private final Unpluggable<FakeSerialPort> port;

        ManagedSerialPort(FakeSerialPort raw) {
            port = Unpluggable.builder(raw.name(), raw)
                    .onWake(FakeSerialPort::abortRead)     // wakes a reader blocked in readLine()
                    .build();
            port.onUnplug("close", FakeSerialPort::close); // hardware: closed at unplug, after the reader left
            raw.onDetach(port::unplug);                    // the OS says it is gone, on its own thread
        }

        String readLine() throws IOException {
            return port.call(FakeSerialPort::readLine);    // DeviceGoneException once unplugged
        }

        void write(String line) throws IOException {
            port.run(p -> p.write(line));
        }

        void readUntilGone(Consumer<String> sink) throws IOException { // the reader thread's loop
            try {
                for (;;) {
                    sink.accept("read '" + readLine() + "'");
                }
            } catch (DeviceGoneException gone) {
                sink.accept("reader stopped: " + gone.getMessage());
            }
        }

        @Override
        public void close() {
            port.unplug();                                 // idempotent; waits for the reader to leave
        }
    }
    // --- user code ends

    private SerialPortExample() {
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
        FakeSerialPort raw = new FakeSerialPort("ttyUSB0");
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch twoLines = new CountDownLatch(2);
        try (ManagedSerialPort port = new ManagedSerialPort(raw)) {
            port.write("AT");
            Thread reader = new Thread(() -> {
                try {
                    port.readUntilGone(line -> {
                        out.println("reader: " + line);
                        twoLines.countDown();
                    });
                } catch (IOException e) {
                    out.println("reader: I/O error " + e.getMessage());
                } finally {
                    stopped.countDown();
                }
            }, "serial-reader");
            reader.start();
            raw.receive("OK");
            raw.receive("+CSQ: 17,99");
            // the cable is pulled while the reader is blocked waiting for a third line
            if (!twoLines.await(30, TimeUnit.SECONDS) || !raw.awaitReader(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the reader did not read two lines and block within 30 s");
            }
            Thread hotplug = new Thread(raw::pullCable, "usb-hotplug");
            hotplug.start();
            hotplug.join(TimeUnit.SECONDS.toMillis(30));
            if (!stopped.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the reader was not woken within 30 s");
            }
            try {
                port.write("ATZ");
            } catch (DeviceGoneException e) {
                out.println("write after unplug: " + e.getClass().getSimpleName());
            }
        }
        out.println("written: " + raw.written());
        out.println("native handle open: " + raw.isOpen());
        out.println("closed while a read was inside it: " + raw.closedUnderAReader());
    }
}
