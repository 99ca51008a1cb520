package org.devres4j.linux;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link RealDeviceCycles} with the JDK 22+ source: the kernel's uevents over netlink, through FFM. */
@Tag("netlink")
@ExtendWith(NetlinkAvailable.class)
class NetlinkRealDeviceCyclesTest extends RealDeviceCycles {

    @Override
    HotplugSource openSource() {
        return HotplugSource.netlink("net");
    }
}
