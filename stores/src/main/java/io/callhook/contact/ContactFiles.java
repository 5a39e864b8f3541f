package io.callhook.contact;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads contacts from the two formats people export them in: CSV with the header {@code number,name,company,link}
 * (RFC 4180: any column order, quoted fields with {@code ""} and line breaks, LF or CRLF) and vCard 3.0 or 4.0
 * ({@code FN} the name, {@code ORG} the company, {@code URL} the link, one contact per {@code TEL}; folded lines,
 * escapes and {@code tel:} URIs understood; a card without {@code TEL} is skipped). Numbers are read in the
 * organization's region ({@link PhoneFormat}) and kept in E.164.
 *
 * <p>All or nothing: the first problem (a number that is no phone number, a contact without a name or company, a
 * link that is not {@code http(s)://}, a number twice, a control character, a value too long) refuses the whole
 * file with {@link ContactFileException} naming its line. Pure: no I/O.
 */
public final class ContactFiles {

    /** The most contacts one file may hold. */
    public static final int MAX_CONTACTS = 10_000;
    /** The longest name or company, in characters. */
    public static final int MAX_TEXT = 256;
    /** The longest link, in characters. */
    public static final int MAX_LINK = 1024;
    private static final List<String> COLUMNS = List.of("number", "name", "company", "link");

    /** A file read: its contacts, in file order, and how many vCards had no number. */
    public record Read(List<Contact> contacts, int skipped) {
    }

    private ContactFiles() {
    }

    /** Reads a CSV file's text. */
    public static Read csv(String text, String region) {
        List<List<Cell>> rows = csvRows(stripBom(text));
        if (rows.isEmpty()) {
            throw new ContactFileException(1, "the file is empty; the first line must be the header "
                    + String.join(",", COLUMNS));
        }
        Map<String, Integer> columns = new HashMap<>();
        List<Cell> header = rows.get(0);
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).text().strip().toLowerCase(Locale.ROOT);
            if (!COLUMNS.contains(name) || columns.putIfAbsent(name, i) != null) {
                throw new ContactFileException(header.get(i).line(), "the header must name the columns "
                        + String.join(",", COLUMNS) + " (each once, any order); found \"" + name + "\"");
            }
        }
        if (!columns.containsKey("number")) {
            throw new ContactFileException(1, "the header has no number column");
        }
        Builder contacts = new Builder(region);
        for (List<Cell> row : rows.subList(1, rows.size())) {
            int line = row.get(0).line();
            if (row.size() == 1 && row.get(0).text().isBlank()) {
                continue;
            }
            if (row.size() != header.size()) {
                throw new ContactFileException(line, "expected " + header.size() + " fields, found " + row.size());
            }
            contacts.add(line, field(row, columns, "number"), field(row, columns, "name"),
                    field(row, columns, "company"), field(row, columns, "link"));
        }
        return new Read(contacts.contacts(), 0);
    }

    /** Reads a vCard file's text (one or more cards). */
    public static Read vcard(String text, String region) {
        Builder contacts = new Builder(region);
        int skipped = 0;
        Card card = null;
        for (Property property : vcardProperties(stripBom(text))) {
            switch (property.name()) {
                case "BEGIN" -> {
                    if (card != null || !property.value().equalsIgnoreCase("VCARD")) {
                        throw new ContactFileException(property.line(), "BEGIN:VCARD inside a card");
                    }
                    card = new Card();
                    card.begin = property.line();
                }
                case "END" -> {
                    if (card == null) {
                        throw new ContactFileException(property.line(), "END without BEGIN:VCARD");
                    }
                    if (card.phones.isEmpty()) {
                        skipped++;
                    }
                    for (Map.Entry<Integer, String> phone : card.phones.entrySet()) {
                        contacts.add(phone.getKey(), phone.getValue(), card.name, card.company, card.link);
                    }
                    card = null;
                }
                default -> {
                    if (card == null) {
                        throw new ContactFileException(property.line(), "a property outside BEGIN:VCARD and"
                                + " END:VCARD");
                    }
                    card.accept(property);
                }
            }
        }
        if (card != null) {
            throw new ContactFileException(card.begin, "a card without END:VCARD");
        }
        return new Read(contacts.contacts(), skipped);
    }

    // ---- contacts ----

    /** Checks and collects contacts, refusing a number seen before. */
    private static final class Builder {
        private final String region;
        private final Map<String, Integer> lines = new HashMap<>();
        private final List<Contact> contacts = new ArrayList<>();

        Builder(String region) {
            this.region = region;
        }

        void add(int line, String number, String name, String company, String link) {
            String e164 = PhoneFormat.e164(number, region);
            if (e164 == null) {
                throw new ContactFileException(line, "\"" + shorten(number) + "\" is not a phone number (read in"
                        + " region " + region + ")");
            }
            Integer before = lines.putIfAbsent(e164, line);
            if (before != null) {
                throw new ContactFileException(line, "number " + e164 + " is already on line " + before);
            }
            String cleanName = text(line, "name", name, MAX_TEXT);
            String cleanCompany = text(line, "company", company, MAX_TEXT);
            if (cleanName == null && cleanCompany == null) {
                throw new ContactFileException(line, "a contact needs a name or a company");
            }
            String cleanLink = text(line, "link", link, MAX_LINK);
            if (cleanLink != null && !cleanLink.matches("(?i)https?://\\S+")) {
                throw new ContactFileException(line, "link must be an http:// or https:// URL without spaces");
            }
            if (contacts.size() == MAX_CONTACTS) {
                throw new ContactFileException(line, "a file holds at most " + MAX_CONTACTS + " contacts");
            }
            contacts.add(new Contact(e164, cleanName, cleanCompany, cleanLink));
        }

        List<Contact> contacts() {
            return List.copyOf(contacts);
        }
    }

    /**
     * A value stripped, line breaks (of a quoted CSV field) made spaces, {@code null} when blank; refused with a
     * control character or when too long.
     */
    static String text(int line, String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String stripped = value.replaceAll("\\R+", " ").strip();
        for (int i = 0; i < stripped.length(); i++) {
            char c = stripped.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new ContactFileException(line, field + " contains a control character");
            }
        }
        if (stripped.length() > max) {
            throw new ContactFileException(line, field + " is longer than " + max + " characters");
        }
        return stripped;
    }

    private static String shorten(String value) {
        return value == null ? "" : value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }

    private static String stripBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    // ---- CSV ----

    /** A field and the line it starts on. */
    private record Cell(String text, int line) {
    }

    private static String field(List<Cell> row, Map<String, Integer> columns, String name) {
        Integer index = columns.get(name);
        return index == null ? null : row.get(index).text();
    }

    /** RFC 4180 records; a quoted field may hold commas, {@code ""} and line breaks. */
    static List<List<Cell>> csvRows(String text) {
        List<List<Cell>> rows = new ArrayList<>();
        List<Cell> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int fieldLine = 1;
        int i = 0;
        boolean quoted = false;
        boolean wasQuoted = false;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    quoted = false;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
                i++;
                continue;
            }
            if (c == '"') {
                if (field.length() > 0 || wasQuoted) {
                    throw new ContactFileException(line, "a quote inside an unquoted field; quote the whole field"
                            + " and double the quote");
                }
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                row.add(new Cell(field.toString(), fieldLine));
                field.setLength(0);
                wasQuoted = false;
                fieldLine = line;
            } else if (c == '\r' || c == '\n') {
                row.add(new Cell(field.toString(), fieldLine));
                rows.add(row);
                row = new ArrayList<>();
                field.setLength(0);
                wasQuoted = false;
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                line++;
                fieldLine = line;
            } else {
                if (wasQuoted) {
                    throw new ContactFileException(line, "text after a closing quote");
                }
                field.append(c);
            }
            i++;
        }
        if (quoted) {
            throw new ContactFileException(fieldLine, "a quoted field that never ends");
        }
        if (field.length() > 0 || wasQuoted || !row.isEmpty()) {
            row.add(new Cell(field.toString(), fieldLine));
            rows.add(row);
        }
        return rows;
    }

    // ---- vCard ----

    /** One unfolded content line: its upper-case name (group dropped), parameters, raw value and first line. */
    private record Property(String name, Map<String, String> parameters, String value, int line) {
    }

    private static final class Card {
        int begin;
        String name;
        String company;
        String link;
        final Map<Integer, String> phones = new LinkedHashMap<>();

        void accept(Property property) {
            switch (property.name()) {
                case "VERSION" -> {
                    if (!property.value().equals("3.0") && !property.value().equals("4.0")) {
                        throw new ContactFileException(property.line(), "vCard version " + property.value()
                                + " is not supported; export as vCard 3.0 or 4.0");
                    }
                }
                case "FN" -> name = name == null ? unescape(property.value()) : name;
                case "ORG" -> company = company == null ? String.join(", ", components(property.value())) : company;
                case "URL" -> link = link == null ? unescape(property.value()) : link;
                case "TEL" -> {
                    String value = property.value();
                    if (value.regionMatches(true, 0, "tel:", 0, 4)) {
                        value = value.substring(4);
                        int parameters = value.indexOf(';');
                        value = parameters < 0 ? value : value.substring(0, parameters);
                    }
                    phones.put(property.line(), unescape(value));
                }
                default -> {
                    // other properties (EMAIL, ADR, PHOTO, ...) are not part of a contact here
                }
            }
        }
    }

    private static List<Property> vcardProperties(String text) {
        List<Property> properties = new ArrayList<>();
        String[] lines = text.split("\r\n|\n|\r", -1);
        StringBuilder current = null;
        int start = 0;
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i] : null;
            if (line != null && current != null && (line.startsWith(" ") || line.startsWith("\t"))) {
                current.append(line, 1, line.length());
                continue;
            }
            if (current != null && !current.toString().isBlank()) {
                properties.add(property(current.toString(), start));
            }
            current = line == null ? null : new StringBuilder(line);
            start = i + 1;
        }
        return properties;
    }

    private static Property property(String line, int number) {
        int colon = -1;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ':' && !quoted) {
                colon = i;
                break;
            }
        }
        if (colon < 0) {
            throw new ContactFileException(number, "not a vCard line (NAME:value)");
        }
        String[] head = line.substring(0, colon).split(";");
        String name = head[0];
        int dot = name.lastIndexOf('.');
        name = (dot < 0 ? name : name.substring(dot + 1)).strip().toUpperCase(Locale.ROOT);
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 1; i < head.length; i++) {
            int equals = head[i].indexOf('=');
            parameters.put((equals < 0 ? head[i] : head[i].substring(0, equals)).toUpperCase(Locale.ROOT),
                    equals < 0 ? "" : head[i].substring(equals + 1));
        }
        if ("QUOTED-PRINTABLE".equalsIgnoreCase(parameters.get("ENCODING"))) {
            throw new ContactFileException(number, "quoted-printable values (vCard 2.1) are not supported; export"
                    + " as vCard 3.0 or 4.0");
        }
        return new Property(name, parameters, line.substring(colon + 1), number);
    }

    /** A text value with vCard's escapes ({@code \,} {@code \;} {@code \\} {@code \n}) undone. */
    static String unescape(String value) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                char next = value.charAt(++i);
                text.append(next == 'n' || next == 'N' ? ' ' : next);
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    /** The non-empty components of a structured value ({@code ORG:ACME;Sales}), each unescaped. */
    static List<String> components(String value) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                part.append(c).append(value.charAt(++i));
            } else if (c == ';') {
                parts.add(unescape(part.toString()).strip());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(unescape(part.toString()).strip());
        return parts.stream().filter(p -> !p.isEmpty()).toList();
    }
}
