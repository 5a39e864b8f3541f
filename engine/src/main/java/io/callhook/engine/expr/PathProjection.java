package io.callhook.engine.expr;

import io.callhook.engine.model.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A projection built from document paths, kept as a tree so that nested selections share their parents. */
final class PathProjection implements Projection {

    /** What to keep of one value: all of it, or some of its map keys or list elements. */
    private static final class Node {
        boolean whole;
        Map<String, Node> keys;
        TreeMap<Integer, Node> indexes;

        Node key(String name) {
            if (keys == null) {
                keys = new LinkedHashMap<>();
            }
            return keys.computeIfAbsent(name, k -> new Node());
        }

        Node index(int index) {
            if (indexes == null) {
                indexes = new TreeMap<>();
            }
            return indexes.computeIfAbsent(index, k -> new Node());
        }
    }

    private final Node root = new Node();
    private final Set<String> topLevelNames;

    PathProjection(List<Path> paths) {
        Set<String> names = new LinkedHashSet<>();
        for (Path path : paths) {
            names.add(path.head());
            Node node = root.key(path.head());
            for (int i = 1; i < path.size(); i++) {
                node = path.step(i) instanceof Path.Key key ? node.key(key.name())
                        : node.index(((Path.Index) path.step(i)).index());
            }
            node.whole = true;
        }
        topLevelNames = Collections.unmodifiableSet(names);
    }

    @Override
    public Map<String, Value> apply(Map<String, Value> item) {
        Map<String, Value> result = new LinkedHashMap<>();
        if (root.keys == null) {
            return result;
        }
        for (Map.Entry<String, Node> entry : root.keys.entrySet()) {
            Value value = item.get(entry.getKey());
            Value kept = value == null ? null : keep(value, entry.getValue());
            if (kept != null) {
                result.put(entry.getKey(), kept);
            }
        }
        return result;
    }

    private static Value keep(Value value, Node node) {
        if (node.whole) {
            return value;
        }
        if (value instanceof Value.M map && node.keys != null) {
            Map<String, Value> kept = new LinkedHashMap<>();
            for (Map.Entry<String, Node> entry : node.keys.entrySet()) {
                Value child = map.values().get(entry.getKey());
                Value keptChild = child == null ? null : keep(child, entry.getValue());
                if (keptChild != null) {
                    kept.put(entry.getKey(), keptChild);
                }
            }
            return kept.isEmpty() ? null : new Value.M(kept);
        }
        if (value instanceof Value.L list && node.indexes != null) {
            List<Value> kept = new ArrayList<>();
            for (Map.Entry<Integer, Node> entry : node.indexes.entrySet()) {
                if (entry.getKey() < list.values().size()) {
                    Value keptChild = keep(list.values().get(entry.getKey()), entry.getValue());
                    if (keptChild != null) {
                        kept.add(keptChild);
                    }
                }
            }
            return kept.isEmpty() ? null : new Value.L(kept);
        }
        return null;
    }

    @Override
    public Set<String> topLevelNames() {
        return topLevelNames;
    }
}
