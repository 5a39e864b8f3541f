package io.callhook.engine.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's packages form no cycle: dependencies point one way (jdeps over the compiled main classes). */
class EnginePackageCyclesTest {

    private static final Path MAIN_CLASSES = Path.of("target", "classes");

    @TempDir
    Path scratch;

    @Test
    void theEnginesPackagesFormNoCycle() {
        Map<String, Set<String>> graph = PackageCycles.graph(MAIN_CLASSES, "io.callhook.engine");
        assertTrue(graph.size() >= 5, "jdeps saw the engine's packages: " + graph.keySet());
        assertEquals(List.of(), PackageCycles.cycles(graph), "package cycles in the engine; graph: " + graph);
    }

    @Test
    void aCycleIsFound() throws IOException {
        Path sources = Files.createDirectories(scratch.resolve("src"));
        Path classes = Files.createDirectories(scratch.resolve("classes"));
        Path a = write(sources.resolve("A.java"), "package cyc.a; public class A { cyc.b.B b; }");
        Path b = write(sources.resolve("B.java"), "package cyc.b; public class B { cyc.a.A a; }");
        Path c = write(sources.resolve("C.java"), "package cyc.c; public class C { cyc.a.A a; }");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", classes.toString(), a.toString(), b.toString(),
                c.toString()));

        assertEquals(List.of(Set.of("cyc.a", "cyc.b")), PackageCycles.in(classes, "cyc"));
    }

    private static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text);
    }
}
