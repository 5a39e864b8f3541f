// template.yaml (read as data, its name expressions evaluated here): the CloudFront names, global to an account,
// differ between two stacks of the same name in two regions and fit CloudFront's limits.
package io.callhook.template;

import static io.callhook.template.SamTemplate.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CloudFrontNamesTest {

    private static final SamTemplate TEMPLATE = SamTemplate.load(SamTemplate.find());
    /** Resource type, its config property, and CloudFront's longest name for it. */
    private static final Map<String, List<Object>> NAMED = Map.of(
            "AWS::CloudFront::OriginAccessControl", List.of("OriginAccessControlConfig", 64),
            "AWS::CloudFront::CachePolicy", List.of("CachePolicyConfig", 128),
            "AWS::CloudFront::ResponseHeadersPolicy", List.of("ResponseHeadersPolicyConfig", 128));

    /** Evaluates Ref (pseudo parameters), Fn::Sub of them, Fn::Join, Fn::Select and Fn::Split. */
    @SuppressWarnings("unchecked")
    static Object evaluate(Object value, Map<String, String> pseudo) {
        if (value instanceof String text) {
            return text;
        }
        Map<String, Object> function = map(value);
        Map.Entry<String, Object> call = function.entrySet().iterator().next();
        List<Object> args = call.getValue() instanceof List<?> list ? (List<Object>) list : List.of();
        return switch (call.getKey()) {
            case "Ref" -> pseudo.get((String) call.getValue());
            case "Fn::Sub" -> {
                String text = (String) call.getValue();
                for (Map.Entry<String, String> p : pseudo.entrySet()) {
                    text = text.replace("${" + p.getKey() + "}", p.getValue());
                }
                yield text;
            }
            case "Fn::Join" -> ((List<Object>) args.get(1)).stream().map(v -> (String) evaluate(v, pseudo))
                    .collect(Collectors.joining((String) args.get(0)));
            case "Fn::Split" -> List.of(((String) evaluate(args.get(1), pseudo))
                    .split(Pattern.quote((String) args.get(0)), -1));
            case "Fn::Select" -> ((List<Object>) evaluate(args.get(1), pseudo))
                    .get(Integer.parseInt(String.valueOf(args.get(0))));
            default -> throw new AssertionError("not evaluated here: " + call.getKey());
        };
    }

    private static Map<String, String> stack(String name, String region, String uuid) {
        return Map.of("AWS::StackName", name, "AWS::Region", region, "AWS::AccountId", "123456789012",
                "AWS::StackId", "arn:aws:cloudformation:" + region + ":123456789012:stack/" + name + "/" + uuid);
    }

    @Test
    void namesDifferBetweenRegionsAndFitCloudFrontsLimits() {
        String longest = "s" + "-x".repeat(63); // a stack name may have 128 characters
        Map<String, String> first = stack(longest, "eu-central-1", "3f1c2a80-d2a1-11ef-8f3b-0a1b2c3d4e5f");
        Map<String, String> second = stack(longest, "us-east-1", "9b7e4c10-d2a1-11ef-a6a2-12ab34cd56ef");
        int named = 0;
        for (Map.Entry<String, Object> resource : map(TEMPLATE.raw().get("Resources")).entrySet()) {
            List<Object> rule = NAMED.get(String.valueOf(map(resource.getValue()).get("Type")));
            if (rule == null) {
                continue;
            }
            named++;
            Object expression = map(map(map(resource.getValue()).get("Properties")).get(rule.get(0))).get("Name");
            String inFirst = (String) evaluate(expression, first);
            String inSecond = (String) evaluate(expression, second);
            assertNotEquals(inFirst, inSecond, resource.getKey() + ": the same name in two regions");
            for (String name : List.of(inFirst, inSecond)) {
                assertTrue(name.length() <= (int) rule.get(1), resource.getKey() + ": " + name.length() + " > "
                        + rule.get(1));
                assertTrue(name.matches("[A-Za-z0-9_-]+"), resource.getKey() + ": " + name);
            }
        }
        assertEquals(NAMED.size(), named);
    }
}
