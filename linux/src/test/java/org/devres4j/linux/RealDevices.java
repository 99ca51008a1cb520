package org.devres4j.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The guard around every test class that touches real kernel devices: skips the class (printing why) where
 * veth pairs cannot be made — not Linux, not root, no iproute2; deletes leftovers of earlier runs that died;
 * deletes every device of this run after each test, pass or fail; and at the end asserts that
 * {@code ip -o link} lists exactly what it listed before the class ran.
 */
final class RealDevices implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RealDevices.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<String> reason = Veth.unavailableReason();
        if (reason.isPresent()) {
            System.out.println("[devres4j linux] SKIPPED " + context.getDisplayName() + ": " + reason.get());
            Assumptions.abort(reason.get());
        }
        List<String> stale = Veth.sweep();
        if (!stale.isEmpty()) {
            System.out.println("[devres4j linux] deleted devices left by earlier runs: " + stale);
        }
        context.getStore(NS).put("links", Veth.links());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> left = Veth.sweep();
        if (!left.isEmpty() && context.getExecutionException().isEmpty()) {
            throw new AssertionError("test " + context.getDisplayName() + " left devices behind (now deleted): " + left);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        @SuppressWarnings("unchecked")
        List<String> before = (List<String>) context.getStore(NS).get("links", List.class);
        if (before == null) {
            return;
        }
        Veth.sweep();
        assertThat(Veth.links()).as("ip -o link after %s, against before it", context.getDisplayName())
                .containsExactlyElementsOf(before);
    }
}
