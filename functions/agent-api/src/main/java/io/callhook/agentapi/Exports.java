package io.callhook.agentapi;

import io.callhook.json.Json;
import io.callhook.privacy.NumberMatcher;
import io.callhook.store.ItemJson;
import io.callhook.store.PersonalData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Everything stored about a number in an organization, as pages of one JSON document (every table's items as
 * stored, attribute by attribute) or of one table's CSV. A page reads at most {@value #PAGES} pages of 100 items
 * of the tables; its {@code nextToken} continues where it stopped ({@code null}: the export is complete).
 *
 * <p>Guarantees: the pages of an export, joined, hold every item {@link PersonalData#find} finds, each once, in the
 * tables' order; a page never writes.
 */
final class Exports {

    /** Table pages (of 100 items) read per answer at most. */
    static final int PAGES = 5;

    private final List<PersonalData> tables;

    Exports(List<PersonalData> tables) {
        this.tables = List.copyOf(tables);
    }

    /** One answer: the tables' items found on it (every table's key, in order) and where the next starts. */
    record Page(Map<String, List<Map<String, Object>>> tables, String nextToken) {
    }

    /**
     * The page of {@code token} ({@code null}: the first) of the tables named in {@code only} ({@code null}: all).
     *
     * @throws IllegalArgumentException when the token is not one of an export, or {@code only} names no table
     */
    Page page(String organization, NumberMatcher number, String only, String token) {
        List<PersonalData> chosen = tables.stream().filter(t -> only == null || t.name().equals(only)).toList();
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("table must be one of " + tables.stream().map(PersonalData::name)
                    .toList());
        }
        int index = 0;
        String cursor = null;
        if (token != null) {
            try {
                Map<String, Object> position = Json.parseObject(new String(Base64.getUrlDecoder().decode(token),
                        StandardCharsets.UTF_8));
                index = ((Number) position.get("t")).intValue();
                cursor = (String) position.get("c");
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("nextToken is not one of this export's");
            }
            if (index < 0 || index >= chosen.size()) {
                throw new IllegalArgumentException("nextToken is not one of this export's");
            }
        }
        Map<String, List<Map<String, Object>>> found = new LinkedHashMap<>();
        chosen.forEach(table -> found.put(table.name(), new ArrayList<>()));
        for (int page = 0; page < PAGES; page++) {
            PersonalData table = chosen.get(index);
            PersonalData.Found items = table.find(organization, number, null, cursor);
            items.items().forEach(item -> found.get(table.name()).add(ItemJson.plain(item)));
            cursor = items.cursor();
            if (cursor == null) {
                index++;
                if (index == chosen.size()) {
                    return new Page(found, null);
                }
            }
        }
        Map<String, Object> position = new LinkedHashMap<>();
        position.put("t", index);
        position.put("c", cursor);
        return new Page(found, Base64.getUrlEncoder().withoutPadding().encodeToString(
                Json.write(position).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Whether an export is asked for as CSV: {@code format} is {@code json} (or absent) or {@code csv}, and a CSV
     * export names its {@code table}.
     *
     * @throws IllegalArgumentException when the format is neither, or a CSV export names no table
     */
    static boolean csv(String format, String table) {
        if (format != null && !format.equals("json") && !format.equals("csv")) {
            throw new IllegalArgumentException("format must be json or csv");
        }
        boolean csv = "csv".equals(format);
        if (csv && table == null) {
            throw new IllegalArgumentException("a CSV export is of one table: field table is required");
        }
        return csv;
    }

    /**
     * The JSON document of an export: the organization, the number's canonical form and country code, each table's
     * items ({@link Page#tables}, or several pages' joined) and the token of the next page ({@code null}: complete).
     */
    static Map<String, Object> document(String organization, NumberMatcher number,
                                        Map<String, List<Map<String, Object>>> tables, String nextToken) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("organizationId", organization);
        answer.put("number", number.canonical());
        answer.put("countryCode", number.countryCode());
        answer.put("tables", tables);
        answer.put("nextToken", nextToken);
        return answer;
    }

    /** One table's items as CSV: a header of every attribute name (sorted), lists and maps as JSON. */
    static String csv(List<Map<String, Object>> items) {
        TreeSet<String> columns = new TreeSet<>();
        items.forEach(item -> columns.addAll(item.keySet()));
        StringBuilder csv = new StringBuilder();
        csv.append(String.join(",", columns.stream().map(Exports::cell).toList())).append("\r\n");
        for (Map<String, Object> item : items) {
            List<String> cells = new ArrayList<>();
            for (String column : columns) {
                Object value = item.get(column);
                cells.add(value == null ? "" : cell(value instanceof String text ? text : Json.write(value)));
            }
            csv.append(String.join(",", cells)).append("\r\n");
        }
        return csv.toString();
    }

    private static String cell(String value) {
        // a cell a spreadsheet would read as a formula starts with a quote
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 && !value.matches("[+-]?[0-9 ]+")
                ? "'" + value : value;
        return safe.matches(".*[\",\\r\\n].*") || safe.contains("\n") ? "\"" + safe.replace("\"", "\"\"") + "\""
                : safe;
    }
}
