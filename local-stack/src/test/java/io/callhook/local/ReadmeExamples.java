// Test support (pure): the JSON examples of README.md, found by their markers, and the shape comparison of an
// example with a real answer.
package io.callhook.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The README's documented answers. A fenced {@code json} block right after {@code <!-- answer: NAME -->} documents
 * the answer to the request {@code NAME} (several names separated by {@code ;}, or in several such comments one
 * after the other; a trailing
 * {@code | dictionaries: KEY, ...} names the objects whose keys are data, such as a count per reason, whose values
 * are each compared with the example's first value); each row of a table right after
 * {@code <!-- answer table -->} documents the answer to the request its first cell names, in backticks, as the JSON
 * in backticks in its last cell. A fenced {@code json} block after {@code <!-- input: NAME -->} is something users
 * write (kept by name for the code that reads it); it must be JSON. Any other fenced {@code json} block is an
 * error, so no example goes unchecked.
 */
final class ReadmeExamples {

    private static final Pattern ANSWER = Pattern.compile("<!-- answer: (.+?)(?: \\| dictionaries: (.+))? -->");
    private static final Pattern INPUT = Pattern.compile("<!-- input: (.+) -->");
    private static final String TABLE = "<!-- answer table -->";
    private static final String FENCE = "```";

    /** One documented answer: the request's name, the example's JSON value and its line in the README. */
    record Example(String name, Object json, int line, Set<String> dictionaries) {
    }

    /**
     * The answer examples, the input examples (what users write, by the input's name, as text), and the problems
     * found in the README's markers and blocks (none when it is well-formed).
     */
    record Found(List<Example> examples, Map<String, String> inputs, List<String> problems) {
    }

    private ReadmeExamples() {
    }

    static Found read(Path readme) {
        try {
            return parse(Files.readAllLines(readme));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Found parse(List<String> lines) {
        List<Example> examples = new ArrayList<>();
        Map<String, String> inputs = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            Matcher answer = ANSWER.matcher(line);
            Matcher input = INPUT.matcher(line);
            if (answer.matches() || input.matches()) {
                // consecutive answer markers name one block (long lists of names stay within the line width)
                List<Matcher> answers = new ArrayList<>();
                if (answer.matches()) {
                    answers.add(answer);
                    Matcher more;
                    while (i + 1 < lines.size() && (more = ANSWER.matcher(lines.get(i + 1).trim())).matches()) {
                        answers.add(more);
                        i++;
                    }
                }
                int start = i + 1;
                if (start >= lines.size() || !lines.get(start).trim().equals(FENCE + "json")) {
                    problems.add("line " + (i + 1) + ": a marker must be followed by a ```json block");
                    continue;
                }
                int end = start + 1;
                while (end < lines.size() && !lines.get(end).trim().equals(FENCE)) {
                    end++;
                }
                String text = String.join("\n", lines.subList(start + 1, Math.min(end, lines.size())));
                Object json = json(text, start + 1, problems);
                if (json != null && input.matches()) {
                    inputs.put(input.group(1).trim(), text);
                }
                for (Matcher names : json == null ? List.<Matcher>of() : answers) {
                    Set<String> dictionaries = names.group(2) == null ? Set.of()
                            : Arrays.stream(names.group(2).split(",")).map(String::trim).collect(Collectors.toSet());
                    for (String name : names.group(1).split(";")) {
                        examples.add(new Example(name.trim(), json, start + 1, dictionaries));
                    }
                }
                i = end;
            } else if (line.equals(TABLE)) {
                i = table(lines, i + 1, examples, problems);
            } else if (line.startsWith(FENCE + "json")) {
                problems.add("line " + (i + 1) + ": a ```json block without <!-- answer: ... --> or "
                        + "<!-- input: ... --> before it");
            }
        }
        return new Found(examples, inputs, problems);
    }

    /** The table's rows from {@code start} on; the index of its last line. */
    private static int table(List<String> lines, int start, List<Example> examples, List<String> problems) {
        int i = start;
        while (i < lines.size() && lines.get(i).isBlank()) {
            i++;
        }
        int rows = 0;
        for (; i < lines.size() && lines.get(i).trim().startsWith("|"); i++) {
            rows++;
            if (rows <= 2) {
                continue; // the header and the separator
            }
            List<String> cells = cells(lines.get(i).trim());
            String first = cells.get(0).trim();
            String last = cells.get(cells.size() - 1).trim();
            if (!first.startsWith("`") || !first.endsWith("`") || !last.startsWith("`") || !last.endsWith("`")) {
                problems.add("line " + (i + 1) + ": an answer table row needs `request` first and `json` last");
                continue;
            }
            Object json = json(last.substring(1, last.length() - 1), i + 1, problems);
            if (json != null) {
                examples.add(new Example(first.substring(1, first.length() - 1), json, i + 1, Set.of()));
            }
        }
        if (rows <= 2) {
            problems.add("line " + start + ": <!-- answer table --> must be followed by a table");
        }
        return i - 1;
    }

    /** A row's cells; {@code \|} is a pipe inside a cell. */
    private static List<String> cells(String row) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 1; i < row.length(); i++) {
            char c = row.charAt(i);
            if (c == '\\' && i + 1 < row.length() && row.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (c == '|') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        return cells;
    }

    private static Object json(String text, int line, List<String> problems) {
        try {
            return LocalJson.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add("line " + line + ": the example is not valid JSON: " + text);
            return null;
        }
    }

    /**
     * How {@code actual} differs in shape from {@code example}: object keys (both ways), and the JSON type of every
     * value, recursively. A {@code null} on either side matches any value (a value that may be absent); each
     * element of an actual list is compared with the example list's first element, and where an example shows an
     * element, some actual list at that place (in any element of the lists around it) must have one, so the
     * element's shape is checked.
     */
    static List<String> differences(Object example, Set<String> dictionaries, Object actual) {
        List<String> differences = new ArrayList<>();
        Comparison comparison = new Comparison(dictionaries, differences, new TreeSet<>(), new TreeSet<>());
        comparison.compare("$", example, actual, false);
        comparison.shown().removeAll(comparison.seen());
        comparison.shown().forEach(path -> differences.add(path + ": the README shows an element, no answer's "
                + "list there has one (the test's scenario must give one)"));
        return differences;
    }

    /** The comparison's state: the list places whose element the README shows, and those an answer filled. */
    private record Comparison(Set<String> dictionaries, List<String> differences, Set<String> shown,
                              Set<String> seen) {

        private void compare(String path, Object example, Object actual, boolean dictionary) {
            if (example == null || actual == null) {
                return;
            }
            if (dictionary && example instanceof Map<?, ?> documented && actual instanceof Map<?, ?> real) {
                if (!documented.isEmpty()) {
                    Object value = documented.values().iterator().next();
                    real.forEach((key, actualValue) -> compare(path + "." + key, value, actualValue, false));
                }
            } else if (example instanceof Map<?, ?> documented) {
                if (!(actual instanceof Map<?, ?> real)) {
                    differences.add(path + ": the README shows an object, the answer has " + type(actual));
                    return;
                }
                TreeSet<String> missing = keys(real);
                missing.removeAll(keys(documented));
                TreeSet<String> gone = keys(documented);
                gone.removeAll(keys(real));
                if (!missing.isEmpty()) {
                    differences.add(path + ": the answer has keys the README does not show: " + missing);
                }
                if (!gone.isEmpty()) {
                    differences.add(path + ": the README shows keys the answer does not have: " + gone);
                }
                for (Map.Entry<?, ?> entry : documented.entrySet()) {
                    if (real.containsKey(entry.getKey())) {
                        compare(path + "." + entry.getKey(), entry.getValue(), real.get(entry.getKey()),
                                dictionaries.contains(String.valueOf(entry.getKey())));
                    }
                }
            } else if (example instanceof List<?> documented) {
                if (!(actual instanceof List<?> real)) {
                    differences.add(path + ": the README shows a list, the answer has " + type(actual));
                    return;
                }
                if (documented.isEmpty()) {
                    return;
                }
                String place = path.replaceAll("\\[\\d+]", "[]");
                shown.add(place);
                if (!real.isEmpty()) {
                    seen.add(place);
                }
                for (int i = 0; i < real.size(); i++) {
                    compare(path + "[" + i + "]", documented.get(0), real.get(i), false);
                }
            } else if (!type(example).equals(type(actual))) {
                differences.add(path + ": the README shows " + type(example) + ", the answer has " + type(actual));
            }
        }
    }

    private static TreeSet<String> keys(Map<?, ?> map) {
        TreeSet<String> keys = new TreeSet<>();
        map.keySet().forEach(key -> keys.add(String.valueOf(key)));
        return keys;
    }

    private static String type(Object value) {
        if (value instanceof Map<?, ?>) {
            return "an object";
        } else if (value instanceof List<?>) {
            return "a list";
        } else if (value instanceof String) {
            return "a string";
        } else if (value instanceof Boolean) {
            return "a boolean";
        } else if (value instanceof Number) {
            return "a number";
        }
        return value.getClass().getSimpleName();
    }
}
