// template.yaml and README.md (read as text): every table has a stack output naming it, and every output or
// parameter name the README points at (`...TableName`, `...Url`, `...Arn`) exists in the template.
package io.callhook.template;

import static io.callhook.template.SamTemplate.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TemplateOutputsTest {

    private static final SamTemplate TEMPLATE = SamTemplate.load(SamTemplate.find());

    @Test
    void everyTableHasAnOutputNamingIt() {
        Map<String, Object> outputs = map(TEMPLATE.raw().get("Outputs"));
        Set<String> tables = TEMPLATE.resources("AWS::DynamoDB::Table").keySet();
        assertTrue(tables.size() >= 5, tables.toString());
        for (String table : tables) {
            Object output = outputs.get(table + "Name");
            assertTrue(output != null, "no output " + table + "Name");
            assertEquals(Map.of("Ref", table), map(output).get("Value"), table);
        }
    }

    @Test
    void everyOutputOrParameterTheReadmeNamesExists() throws IOException {
        String readme = Files.readString(SamTemplate.find().getParent().resolve("README.md"));
        Set<String> declared = new TreeSet<>(map(TEMPLATE.raw().get("Outputs")).keySet());
        declared.addAll(map(TEMPLATE.raw().get("Parameters")).keySet());
        Matcher named = Pattern.compile("`([A-Z][A-Za-z]+(?:TableName|Url|Arn))`").matcher(readme);
        Set<String> missing = new TreeSet<>();
        int seen = 0;
        while (named.find()) {
            seen++;
            if (!declared.contains(named.group(1))) {
                missing.add(named.group(1));
            }
        }
        assertTrue(seen >= 8, "names found: " + seen);
        assertEquals(Set.of(), missing, "named in README.md, not in template.yaml");
    }
}
