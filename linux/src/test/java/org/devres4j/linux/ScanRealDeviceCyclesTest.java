package org.devres4j.linux;

import java.time.Duration;

/** {@link RealDeviceCycles} with the JDK 17 source: a rescan of {@code /sys/class/net} every 5 ms. */
class ScanRealDeviceCyclesTest extends RealDeviceCycles {

    @Override
    HotplugSource openSource() {
        return HotplugSource.scanning(Sysfs.system(), "net", Duration.ofMillis(5));
    }
}
