package org.devres4j.linux;

/**
 * One reading of a network device's counters, all taken through the binding's gate.
 *
 * <p><b>Lifetime:</b> a value. <b>Order:</b> {@link #nanoTime()} orders the samples of one device.
 * <b>Concurrency:</b> immutable.
 *
 * @param device    the device name
 * @param nanoTime  {@link System#nanoTime()} when the sample was complete
 * @param rxPackets {@code statistics/rx_packets}
 * @param txPackets {@code statistics/tx_packets}
 * @param rxBytes   {@code statistics/rx_bytes}
 * @param txBytes   {@code statistics/tx_bytes}
 * @param operstate {@code operstate}, e.g. {@code up}, {@code down}, {@code lowerlayerdown}
 * @param mtu       {@code mtu}
 */
public record NetSample(String device, long nanoTime, long rxPackets, long txPackets, long rxBytes, long txBytes,
                        String operstate, long mtu) {
}
