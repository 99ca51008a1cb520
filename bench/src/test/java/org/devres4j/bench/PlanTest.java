package org.devres4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.junit.jupiter.api.Test;

class PlanTest {

    static final List<Class<?>> BENCHMARKS = List.of(GateBench.class, ListBench.class, DrmBench.class, FuzzBench.class);

    private static Method method(String benchmark) {
        String[] cm = benchmark.split("\\.");
        for (Class<?> c : BENCHMARKS) {
            if (c.getSimpleName().equals(cm[0])) {
                for (Method m : c.getMethods()) {
                    if (m.getName().equals(cm[1]) && m.isAnnotationPresent(Benchmark.class)) {
                        return m;
                    }
                }
            }
        }
        return null;
    }

    @Test
    void everyBenchmarkMethodIsMeasuredByTheHarness() {
        Set<String> planned = new HashSet<>();
        for (Plan.Group g : Plan.GROUPS) {
            for (Plan.Member m : g.members()) {
                planned.add(m.benchmark());
            }
        }
        List<String> missing = new ArrayList<>();
        for (Class<?> c : BENCHMARKS) {
            for (Method m : c.getMethods()) {
                if (m.isAnnotationPresent(Benchmark.class) && !planned.contains(c.getSimpleName() + "." + m.getName())) {
                    missing.add(c.getSimpleName() + "." + m.getName());
                }
            }
        }
        assertThat(missing).as("@Benchmark methods no group of Plan measures").isEmpty();
    }

    @Test
    void everyMemberNamesAnExistingBenchmarkAndOneOfItsParameterValues() {
        for (Plan.Group g : Plan.GROUPS) {
            for (Plan.Member m : g.members()) {
                Method method = method(m.benchmark());
                assertThat(method).as(g.name() + "/" + m.id() + ": no such @Benchmark method").isNotNull();
                if (m.param() != null) {
                    List<String> values = new ArrayList<>();
                    for (Class<?> state : method.getParameterTypes()) {
                        for (Field f : state.getFields()) {
                            if (f.getName().equals(m.param()) && f.isAnnotationPresent(Param.class)) {
                                values.addAll(Arrays.asList(f.getAnnotation(Param.class).value()));
                            }
                        }
                    }
                    assertThat(values).as(g.name() + "/" + m.id() + ": @Param " + m.param() + " of its state").contains(m.value());
                }
            }
        }
    }

    @Test
    void theIncludePatternMatchesExactlyOneBenchmark() {
        Plan.Member m = Plan.Member.of("ListBench.addReleaseAll", "n", "16");
        assertThat("org.devres4j.bench.ListBench.addReleaseAll").matches(m.includePattern());
        assertThat("org.devres4j.bench.ListBench.addReleaseAllDebug").doesNotMatch(m.includePattern());
        assertThat("org.devres4j.bench.ListBench.addReleaseAllConfined").doesNotMatch(m.includePattern());
        assertThat(m.id()).isEqualTo("ListBench.addReleaseAll[n=16]");
        assertThat(Plan.Member.of("GateBench.enterExit", 2).id()).isEqualTo("GateBench.enterExit@2t");
    }

    @Test
    void roundsAlternateTheirOrder() {
        List<String> members = List.of("a", "b", "c");
        assertThat(Plan.roundOrder(members, 0)).containsExactly("a", "b", "c");
        assertThat(Plan.roundOrder(members, 1)).containsExactly("c", "b", "a");
        assertThat(Plan.roundOrder(members, 2)).containsExactly("a", "b", "c");
        assertThat(members).containsExactly("a", "b", "c");
    }

    @Test
    void badPlansAreRefused() {
        assertThatThrownBy(() -> Plan.Member.of("GateBench.enterExit", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GateBench.enterExit needs at least 1 thread, got 0");
        assertThatThrownBy(() -> new Plan.Member("ListBench.closer", 1, "n", null, 1, false, false, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names a parameter without a value");
        Plan.Member m = Plan.Member.of("GateBench.enterExit", 1);
        assertThatThrownBy(() -> new Plan.Group("g", false, List.of(m, m)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("plan: group g lists member GateBench.enterExit twice");
        assertThatThrownBy(() -> new Plan.Group("g", false, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("plan: group g has no members");
        assertThatThrownBy(() -> Plan.group("nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no JMH group named 'nope'; the groups are [gate,");
    }

    @Test
    void onlyNamedPartsRunInPlanOrder() {
        assertThat(RunAll.parts(null)).isEqualTo(Plan.partNames());
        assertThat(RunAll.parts("drm,shut")).containsExactly("shut", "drm");
        assertThatThrownBy(() -> RunAll.parts("drm,gates"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--only names an unknown part 'gates'");
    }

    @Test
    void aQuickRunLeavesOutTheMembersKeptForFullRuns() {
        Plan.Group gate = Plan.group("gate");
        assertThat(gate.measured(false)).isEqualTo(gate.members());
        assertThat(gate.measured(true)).extracting(Plan.Member::id)
                .doesNotContain("GateBench.stampedRead@2t", "GateBench.sectionTracked")
                .contains("GateBench.enterExit", "GateBench.atomicPair", "GateBench.enterExitTracked");
        assertThat(Plan.group("list-16").measured(true)).extracting(Plan.Member::id).doesNotContain("ListBench.closerReused[n=16]")
                .contains("ListBench.closer[n=16]");
    }

    @Test
    void eachPartRunsInItsOwnJvmWithItsOptions() {
        List<String> list = RunAll.command("list-16", java.nio.file.Path.of("out"), true, false);
        assertThat(list).contains("-Xms512m", "-Xmx512m", "-Xbatch", "-XX:+AlwaysPreTouch", "-Djmh.ignoreLock=true",
                "org.devres4j.bench.Interleave", "--group", "list-16", "--quick");
        List<String> fuzzMemory = RunAll.command("fuzz-memory", java.nio.file.Path.of("out"), false, true);
        assertThat(fuzzMemory).contains("-XX:+UseSerialGC", "org.devres4j.bench.FuzzMemory").doesNotContain("--quick", "--forks");
        assertThat(RunAll.command("gate", java.nio.file.Path.of("out"), false, true)).contains("--forks");
    }

    @Test
    void theJvmThatOnlyStartsForksMeasuresNothingAndTouchesNoHeap() {
        List<String> drm = RunAll.command("drm", java.nio.file.Path.of("out"), true, false);
        assertThat(drm).contains("-Djmh.ignoreLock=true", "--group", "drm", "--quick")
                .doesNotContain("-XX:+AlwaysPreTouch", "-Xbatch").noneMatch(o -> o.startsWith("-Xms"));
        assertThat(RunAll.command("list-16", java.nio.file.Path.of("out"), false, true)).as("--forks: every group in forks")
                .contains("--forks").doesNotContain("-XX:+AlwaysPreTouch");
    }

    @Test
    void aGroupWhoseMembersKeepNothingRunsOnASmallPreTouchedHeap() {
        assertThat(Interleave.jvmOptions(Plan.DRM)).containsExactly("-Xms128m", "-Xmx128m", "-XX:+AlwaysPreTouch", "-Xbatch");
        assertThat(Interleave.jvmOptions(Plan.GATE)).contains("-Xms128m", "-Xmx128m");
        assertThat(RunAll.command("gate", java.nio.file.Path.of("out"), true, false)).contains("-Xms128m", "-XX:+AlwaysPreTouch");
        for (String big : List.of("list-16", "list-1024", "list-debug", "release-all", "release-one-by-one", "fuzz")) {
            assertThat(Plan.group(big).heapMb()).as(big).isEqualTo(Plan.Group.HEAP_MB);
        }
        Plan.Member m = Plan.Member.of("GateBench.enterExit", 1);
        assertThatThrownBy(() -> new Plan.Group("g", false, 32, List.of(m)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("plan: group g asks for a 32 MB heap; at least 64 MB are needed");
    }

    @Test
    void theFloorsAreMeasuredInTheSameRunAsWhatTheyExplain() {
        for (String n : List.of("16", "1024")) {
            assertThat(Plan.group("list-" + n).measured(true)).extracting(Plan.Member::id)
                    .contains("ListBench.treiber[n=" + n + "]", "ListBench.addReleaseAll[n=" + n + "]", "ListBench.arrayDeque[n=" + n + "]");
        }
        assertThat(Plan.DRM.forks()).isTrue();
        assertThat(Plan.DRM.measured(true)).extracting(Plan.Member::id)
                .containsExactly("DrmBench.ioctlGuarded", "DrmBench.ioctlFenced", "DrmBench.ioctlUnguarded");
    }
}
