// Template test (template.yaml read as data, no AWS): the CTI webhook may only read the routing table.
package io.callhook.cti;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callhook.template.SamTemplate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CtiRoutingTemplateTest {

    @Test
    void theTemplateLetsTheWebhookOnlyGetItemsOfTheRoutingTable() {
        List<Map<String, Object>> routing = SamTemplate.load(SamTemplate.find())
                .policyStatements("CtiWebhookFunction").stream()
                .filter(statement -> statement.toString().contains("RoutingTable")).toList();
        assertEquals(List.of(Map.of("Effect", "Allow", "Action", List.of("dynamodb:GetItem"),
                "Resource", Map.of("Fn::GetAtt", List.of("RoutingTable", "Arn")))), routing);
    }
}
