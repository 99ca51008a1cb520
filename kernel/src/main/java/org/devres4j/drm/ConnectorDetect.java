package org.devres4j.drm;

import org.devres4j.hw.Guard;

/**
 * A connector's detect callback: asks the hardware whether a sink is attached.
 *
 * <p><b>Lifetime:</b> called only while the device is not unplugged. <b>Order:</b> none.
 * <b>Concurrency:</b> called inside an enter/exit section, whose guard it receives to reach the
 * registers ({@code mapping.access(guard)}); may run on many threads at once.
 */
@FunctionalInterface
public interface ConnectorDetect {

    /**
     * @param connector the connector
     * @param guard     the section it runs in
     * @return the status
     */
    ConnectorStatus detect(Connector connector, Guard guard);
}
