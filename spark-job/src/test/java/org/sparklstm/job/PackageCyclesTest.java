package org.sparklstm.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No package of ours depends, directly or through others, on itself: the layers go one way. The dependencies are
 * read from the compiled classes of every module by the JDK's {@code jdeps}, so static imports, fully qualified
 * names and nested types count as much as imports.
 */
class PackageCyclesTest {
    private static final List<Path> CLASSES = List.of(Path.of("../datasets/target/classes"),
            Path.of("../core/target/classes"), Path.of("target/classes"));
    private static final Pattern EDGE = Pattern.compile("^\\s+(org\\.sparklstm[\\w.]*)\\s+->\\s+(org\\.sparklstm[\\w.]*)");

    @Test
    void theProjectsPackagesFormNoCycle() {
        Map<String, Set<String>> graph = dependencies();
        assertTrue(graph.size() > 20, "jdeps saw our packages: " + graph.keySet());
        List<String> cycle = findCycle(graph);
        assertEquals(List.of(), cycle, "a package cycle: " + String.join(" -> ", cycle));
    }

    @Test
    void theCycleFinderFindsACycle() {
        Map<String, Set<String>> graph = new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"),
                "d", Set.of("a")));
        assertEquals(List.of("a", "b", "c", "a"), findCycle(graph));
        assertEquals(List.of(), findCycle(new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of()))));
    }

    private static Map<String, Set<String>> dependencies() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(
                () -> new AssertionError("this JDK has no jdeps (module jdk.jdeps)"));
        List<String> args = new ArrayList<>(List.of("-verbose:package", "-filter:none", "-e", "org\\.sparklstm\\..*"));
        for (Path p : CLASSES) {
            assertTrue(Files.isDirectory(p), "compiled classes missing: " + p.toAbsolutePath());
            args.add(p.toString());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = jdeps.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        assertEquals(0, code, "jdeps failed: " + err);
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (m.find()) {
                graph.computeIfAbsent(m.group(1), k -> new TreeSet<>());
                if (!m.group(1).equals(m.group(2))) {
                    graph.get(m.group(1)).add(m.group(2));
                }
            }
        }
        return graph;
    }

    /** @return a cycle as the packages along it (first and last the same), or an empty list */
    static List<String> findCycle(Map<String, Set<String>> graph) {
        Map<String, Integer> state = new TreeMap<>(); // 1: on the path, 2: done
        for (String start : graph.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> cycle = visit(start, graph, state, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        return List.of();
    }

    private static List<String> visit(String node, Map<String, Set<String>> graph, Map<String, Integer> state,
                                      List<String> path) {
        Integer s = state.get(node);
        if (s != null && s == 2) {
            return List.of();
        }
        if (s != null) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            return cycle;
        }
        state.put(node, 1);
        path.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            List<String> cycle = visit(next, graph, state, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
        return List.of();
    }
}
