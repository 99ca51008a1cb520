/**
 * devres4j-junit: a JUnit 5 extension that gives each test a resource list released newest first when
 * the test ends (KUnit's {@code kunit_add_action}, for Java), test-scoped devices and drivers, and a
 * leak check after every test.
 *
 * <p>Lifetime: everything registered through a test's {@link org.devres4j.junit.TestResources} lives
 * until that test ends. Order: newest first, then the leak check. Concurrency: one TestResources per
 * test; it may be used from the test's own threads.
 */
module org.devres4j.junit {
    requires transitive org.devres4j.kernel;
    requires transitive org.junit.jupiter.api;

    exports org.devres4j.junit;
}
