// Architecture test: jdeps over shared's compiled main classes (no engine, no network).
package io.callhook.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.engine.architecture.PackageCycles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shared library's packages form no cycle: the model below the stores and views, the HTTP edge on top. */
class SharedPackageCyclesTest {

    @Test
    void theSharedLibrarysPackagesFormNoCycle() {
        Map<String, Set<String>> graph = PackageCycles.graph(Path.of("target", "classes"), "io.callhook");
        assertTrue(graph.keySet().containsAll(Set.of("io.callhook.call", "io.callhook.agent", "io.callhook.store",
                "io.callhook.http", "io.callhook.views", "io.callhook.json")), "jdeps saw shared's packages: "
                + graph.keySet());
        assertEquals(List.of(), PackageCycles.cycles(graph), "package cycles in shared; graph: " + graph);
    }
}
