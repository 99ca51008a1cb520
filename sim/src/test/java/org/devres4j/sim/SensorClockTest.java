package org.devres4j.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.devres4j.driver.BoundDevice;
import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.devres4j.driver.Driver;
import org.junit.jupiter.api.Test;

/**
 * The sensor driver gets its clock the way a kernel driver uses {@code devres_get}: two parts of its probe
 * ask for the binding's clock, the first adds it and the second finds it, so each binding's devres list
 * holds one clock, released once at its unbind — across rebinds too.
 */
class SensorClockTest {

    @Test
    void twoPartsOfTheProbeShareOneClockPerBinding() {
        RunResult r = ScenarioRunner.run(ScenarioScript.parse("""
                load sensor
                plug sensor0
                unbind sensor0
                bind sensor0
                unbind sensor0
                expect clean
                """, "t.scn"), new RunOptions(true, 1));
        List<String> clock = Lines.of(r).stream().filter(l -> l.contains("clock-enable")).map(String::strip).toList();

        assertThat(clock).as(r.toText()).containsExactly(
                "2    ADD  sensor0 #1 clock-enable", "3    REL  sensor0 #1 clock-enable (unbind)",
                "4    ADD  sensor0 #4 clock-enable", "5    REL  sensor0 #4 clock-enable (unbind)");
        assertThat(r.outcome()).isEqualTo(Outcome.CLEAN);
    }

    @Test
    void theClockCountsItsUsersAndItsReleaseTurnsItOff() {
        Bus bus = new Bus("t");
        List<SensorDriver.Clock> clocks = new ArrayList<>();
        bus.registerDriver(new Driver() {
            @Override
            public String name() {
                return "sensor";
            }

            @Override
            public void probe(BoundDevice dev) {
                clocks.add(SensorDriver.clock(dev));
                clocks.add(SensorDriver.clock(dev));
            }
        });
        Device dev = bus.newDevice("sensor0");
        dev.add();
        assertThat(clocks.get(1)).as("the second ask finds the first's clock").isSameAs(clocks.get(0));
        assertThat(clocks.get(0).users).isEqualTo(2);
        assertThat(dev.devres().size()).isEqualTo(1);
        dev.unbind();
        assertThat(clocks.get(0).users).as("the unbind's release turned it off").isZero();
    }
}
