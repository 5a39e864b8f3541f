// Architecture test: jdeps over every module's compiled main classes (no engine, no network).
package io.callhook.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.engine.architecture.PackageCycles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No package cycle anywhere in the project: the packages of every module the root pom lists (the local stack runs
 * after all of them but the benchmarks, so their classes are compiled by now), taken together, form no cycle, and the
 * library modules keep to their layers: the domain uses none of the others, support no domain or store package,
 * stores no package of the HTTP edge.
 */
class ProjectPackageCyclesTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    @Test
    void theProjectsPackagesFormNoCycle() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        List<String> compiled = new ArrayList<>();
        for (String module : modules()) {
            Path classes = ROOT.resolve(module).resolve("target/classes");
            if (!Files.isDirectory(classes)) {
                continue;
            }
            compiled.add(module);
            PackageCycles.graph(classes, "io.callhook").forEach((from, to) ->
                    graph.computeIfAbsent(from, any -> new TreeSet<>()).addAll(to));
        }
        assertTrue(compiled.containsAll(List.of("engine", "aws-client", "support", "domain", "stores", "edge",
                "functions/cti-webhook", "local-stack")), "modules compiled before this test: " + compiled);
        assertTrue(graph.keySet().containsAll(Set.of("io.callhook.call", "io.callhook.worklist", "io.callhook.store",
                "io.callhook.http", "io.callhook.engine", "io.callhook.cti")),
                "jdeps saw the packages: " + graph.keySet());
        assertEquals(List.of(), PackageCycles.cycles(graph), "package cycles; graph: " + graph);
    }

    @Test
    void theLibraryModulesKeepToTheirLayers() {
        Map<String, Set<String>> support = PackageCycles.graph(ROOT.resolve("support/target/classes"), "io.callhook");
        Map<String, Set<String>> domain = PackageCycles.graph(ROOT.resolve("domain/target/classes"), "io.callhook");
        Map<String, Set<String>> stores = PackageCycles.graph(ROOT.resolve("stores/target/classes"), "io.callhook");
        Set<String> domainPackages = domain.keySet();
        Set<String> edgePackages = PackageCycles.graph(ROOT.resolve("edge/target/classes"), "io.callhook").keySet();
        assertEquals(Set.of(), uses(domain, pkg -> !domainPackages.contains(pkg)), "the domain depends on nothing");
        assertEquals(Set.of(), uses(support, pkg -> domainPackages.contains(pkg) || stores.containsKey(pkg)),
                "support knows no call rule or store");
        assertEquals(Set.of(), uses(stores, edgePackages::contains), "the stores know nothing of the HTTP edge");
    }

    private static Set<String> uses(Map<String, Set<String>> graph, java.util.function.Predicate<String> refused) {
        Set<String> found = new TreeSet<>();
        graph.forEach((from, to) -> to.stream().filter(refused).forEach(pkg -> found.add(from + " -> " + pkg)));
        return found;
    }

    private static List<String> modules() throws IOException {
        List<String> modules = new ArrayList<>();
        Matcher matcher = MODULE.matcher(Files.readString(ROOT.resolve("pom.xml")));
        while (matcher.find()) {
            modules.add(matcher.group(1));
        }
        return modules;
    }
}
