// Template test (template.yaml read as data, no AWS): the CTI webhook may only read the routing table.
package io.callhook.cti;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callhook.template.SamTemplate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CtiRoutingTemplateTest {

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    @Test
    void theTemplateLetsTheWebhookOnlyGetItemsOfTheRoutingTable() {
        Map<String, Object> resources = map(SamTemplate.load(SamTemplate.find()).raw().get("Resources"));
        Map<String, Object> properties = map(map(resources.get("CtiWebhookFunction")).get("Properties"));
        List<Object> statements = list(map(list(properties.get("Policies")).get(0)).get("Statement"));
        List<Object> routing = statements.stream().filter(statement -> statement.toString().contains("RoutingTable"))
                .toList();
        assertEquals(List.of(Map.of("Effect", "Allow", "Action", List.of("dynamodb:GetItem"),
                "Resource", Map.of("Fn::GetAtt", List.of("RoutingTable", "Arn")))), routing);
    }
}
