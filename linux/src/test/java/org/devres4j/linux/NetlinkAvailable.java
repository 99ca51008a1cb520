package org.devres4j.linux;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Skips a netlink test class, printing why, where the netlink source cannot be used (JDK older than 22 ...). */
final class NetlinkAvailable implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<String> reason = HotplugSource.netlinkUnavailableReason();
        if (reason.isPresent()) {
            System.out.println("[devres4j linux] SKIPPED " + context.getDisplayName() + ": " + reason.get());
            Assumptions.abort(reason.get());
        }
    }
}
