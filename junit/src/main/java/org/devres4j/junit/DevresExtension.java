package org.devres4j.junit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.devres4j.core.LeakDetector;
import org.devres4j.core.ReleaseFailedException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.AssertionFailedError;

/**
 * The JUnit 5 extension behind {@link TestResources}: a resource list per test, released newest first
 * when the test ends — also when it failed — and then a leak check that fails the test with the report.
 *
 * <p><b>Lifetime:</b> one {@link TestResources} per test method, created before the test's
 * {@code @BeforeEach} methods and released after its {@code @AfterEach} methods. <b>Order:</b> the
 * test's actions newest first; then the leak check (objects tracked by the test's leak detector and
 * not closed, devices added through it and not freed, leaks any {@link LeakDetector} reported while
 * the test ran). A failing action or a leak fails the test; if the test had already failed, JUnit
 * attaches this failure to it as suppressed. <b>Concurrency:</b> leaks are attributed to the test
 * running when the collector finds them, so run leak-checked tests one at a time (JUnit's default).
 *
 * <pre>{@code
 * @ExtendWith(DevresExtension.class)
 * class MyTest {
 *     @Test
 *     void opensAndCloses(TestResources res) { ... }
 * }
 * }</pre>
 */
public final class DevresExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(DevresExtension.class);

    /** Creates the extension; JUnit does this for {@code @ExtendWith(DevresExtension.class)}. */
    public DevresExtension() {
    }

    /** A test's resources and the leaks reported while it runs. */
    private record Scope(TestResources resources, List<LeakDetector.Leak> reported, AutoCloseable subscription) {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        List<LeakDetector.Leak> reported = Collections.synchronizedList(new ArrayList<>());
        AutoCloseable sub = LeakDetector.addGlobalListener(reported::add);
        context.getStore(NS).put(Scope.class, new Scope(new TestResources(context.getDisplayName()), reported, sub));
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Scope scope = context.getStore(NS).remove(Scope.class, Scope.class);
        if (scope == null) {
            return;
        }
        ReleaseFailedException failed = scope.resources().releaseAll();
        List<String> leaks = scope.resources().leakCheck();
        scope.subscription().close();
        synchronized (scope.reported()) {
            for (LeakDetector.Leak leak : scope.reported()) { // collected ones have left the open trackers: no overlap
                leaks.add(leak.toString());
            }
        }
        if (failed == null && leaks.isEmpty()) {
            return;
        }
        StringBuilder msg = new StringBuilder();
        if (failed != null) {
            msg.append("cleanup of '").append(scope.resources().testName()).append("' failed: ").append(failed.getMessage());
        }
        if (!leaks.isEmpty()) {
            if (msg.length() > 0) {
                msg.append("\n");
            }
            msg.append("leak check of '").append(scope.resources().testName()).append("' failed (")
                    .append(leaks.size()).append(leaks.size() == 1 ? " leak):" : " leaks):");
            for (String l : leaks) {
                msg.append("\n").append(l);
            }
        }
        throw new AssertionFailedError(msg.toString(), failed);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestResources.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Scope scope = extensionContext.getStore(NS).get(Scope.class, Scope.class);
        if (scope == null) {
            throw new ParameterResolutionException("TestResources is given to test methods and @BeforeEach/@AfterEach"
                    + " methods only (parameter '" + parameterContext.getParameter().getName() + "' of "
                    + parameterContext.getDeclaringExecutable() + " is outside a test)");
        }
        return scope.resources();
    }
}
