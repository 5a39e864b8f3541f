package io.callhook.engine.architecture;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

/**
 * Finds package cycles in compiled classes with the JDK's own {@code jdeps} (no dependency): the package graph of
 * the classes under a directory, restricted to packages starting with a prefix, and its strongly connected
 * components of more than one package. Any module can point it at its {@code target/classes}.
 */
public final class PackageCycles {

    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+\\S.*$");

    private PackageCycles() {
    }

    /** The package graph: each package under {@code prefix} and the packages under {@code prefix} it uses. */
    public static Map<String, Set<String>> graph(Path classes, String prefix) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new IllegalStateException("this JDK has no jdeps"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package",
                classes.toString());
        if (status != 0) {
            throw new IllegalStateException("jdeps failed (" + status + "): " + err + out);
        }
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().split("\\R")) {
            Matcher edge = EDGE.matcher(line);
            if (!edge.matches()) {
                continue;
            }
            String from = edge.group(1);
            String to = edge.group(2);
            if (!from.startsWith(prefix)) {
                continue;
            }
            graph.computeIfAbsent(from, any -> new TreeSet<>());
            if (to.startsWith(prefix) && !to.equals(from)) {
                graph.get(from).add(to);
            }
        }
        return graph;
    }

    /** Every set of two or more packages that reach each other (empty when the graph has no cycle). */
    public static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        return new Tarjan(graph).components();
    }

    /** As {@link #cycles(Map)} over the classes under {@code classes}. */
    public static List<Set<String>> in(Path classes, String prefix) {
        return cycles(graph(classes, prefix));
    }

    /** Tarjan's strongly connected components. */
    private static final class Tarjan {
        private final Map<String, Set<String>> graph;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new TreeSet<>();
        private final List<Set<String>> found = new ArrayList<>();
        private int next;

        Tarjan(Map<String, Set<String>> graph) {
            this.graph = graph;
        }

        List<Set<String>> components() {
            for (String node : graph.keySet()) {
                if (!index.containsKey(node)) {
                    visit(node);
                }
            }
            return found;
        }

        private void visit(String node) {
            index.put(node, next);
            low.put(node, next);
            next++;
            stack.push(node);
            onStack.add(node);
            for (String to : graph.getOrDefault(node, Set.of())) {
                if (!index.containsKey(to)) {
                    visit(to);
                    low.put(node, Math.min(low.get(node), low.get(to)));
                } else if (onStack.contains(to)) {
                    low.put(node, Math.min(low.get(node), index.get(to)));
                }
            }
            if (low.get(node).equals(index.get(node))) {
                Set<String> component = new TreeSet<>();
                String member;
                do {
                    member = stack.pop();
                    onStack.remove(member);
                    component.add(member);
                } while (!member.equals(node));
                if (component.size() > 1) {
                    found.add(component);
                }
            }
        }
    }
}
