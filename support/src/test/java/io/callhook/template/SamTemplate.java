package io.callhook.template;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * {@code template.yaml} as data: the functions, their routes, stream triggers and environment, and the tables, so
 * the local stack and the tests run exactly what {@code sam deploy} deploys.
 *
 * <p>CloudFormation short-form tags ({@code !Ref}, {@code !GetAtt}, {@code !Sub}, ...) are read as their long form
 * ({@code {"Ref": ...}}, {@code {"Fn::GetAtt": ...}}). Locally a resource's {@code !Ref} is its logical id, which
 * is also the local table name.
 */
public final class SamTemplate {

    private final Map<String, Object> root;
    private final Map<String, String> parameters;

    private SamTemplate(Map<String, Object> root, Map<String, String> parameterOverrides) {
        this.root = root;
        Map<String, String> values = new LinkedHashMap<>();
        map(root.get("Parameters")).forEach((name, definition) -> {
            Object fallback = map(definition).get("Default");
            if (fallback != null) {
                values.put(name, String.valueOf(fallback));
            }
        });
        values.putAll(parameterOverrides);
        this.parameters = values;
    }

    public static SamTemplate load(Path file) {
        return load(file, Map.of());
    }

    public static SamTemplate load(Path file, Map<String, String> parameterOverrides) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object document = new Yaml(new CloudFormationConstructor()).load(reader);
            return new SamTemplate(map(document), parameterOverrides);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** The nearest {@code template.yaml} at or above the working directory. */
    public static Path find() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("template.yaml");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no template.yaml at or above " + Path.of("").toAbsolutePath());
    }

    public Map<String, Object> raw() {
        return root;
    }

    public Map<String, String> parameters() {
        return parameters;
    }

    /** A resource's {@code Properties}, as written. */
    public Map<String, Object> properties(String logicalId) {
        return map(map(map(root.get("Resources")).get(logicalId)).get("Properties"));
    }

    /** Every IAM statement of a function's inline {@code Policies}, in order, as written. */
    /** The policy statement that lets a function read only {@code settings}' items of the config table. */
    public static Map<String, Object> configRead(String... settings) {
        return Map.of("Effect", "Allow", "Action", List.of("dynamodb:GetItem"),
                "Resource", Map.of("Fn::GetAtt", List.of("ConfigTable", "Arn")),
                "Condition", Map.of("ForAllValues:StringEquals", Map.of("dynamodb:LeadingKeys", List.of(settings))));
    }

    public List<Map<String, Object>> policyStatements(String functionId) {
        Object policies = properties(functionId).get("Policies");
        List<Map<String, Object>> statements = new ArrayList<>();
        if (policies instanceof List<?> list) {
            for (Object policy : list) {
                if (map(policy).get("Statement") instanceof List<?> inner) {
                    inner.forEach(statement -> statements.add(map(statement)));
                }
            }
        }
        return statements;
    }

    /** Resources of one type, by logical id, in template order. */
    public Map<String, Map<String, Object>> resources(String type) {
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        map(root.get("Resources")).forEach((id, resource) -> {
            Map<String, Object> definition = map(resource);
            if (type.equals(definition.get("Type"))) {
                result.put(id, definition);
            }
        });
        return result;
    }

    public List<Function> functions() {
        Map<String, Object> globals = map(map(root.get("Globals")).get("Function"));
        List<Function> functions = new ArrayList<>();
        resources("AWS::Serverless::Function").forEach((id, resource) -> {
            Map<String, Object> properties = map(resource.get("Properties"));
            Map<String, String> environment = new LinkedHashMap<>();
            environmentOf(globals).forEach((k, v) -> environment.put(k, resolve(v)));
            environmentOf(properties).forEach((k, v) -> environment.put(k, resolve(v)));
            List<Route> routes = new ArrayList<>();
            List<StreamTrigger> streams = new ArrayList<>();
            map(properties.get("Events")).forEach((eventId, event) -> {
                Map<String, Object> definition = map(event);
                Map<String, Object> eventProperties = map(definition.get("Properties"));
                switch (String.valueOf(definition.get("Type"))) {
                    case "HttpApi" -> routes.add(new Route(
                            String.valueOf(eventProperties.get("Method")).toUpperCase(),
                            String.valueOf(eventProperties.get("Path")),
                            (String) map(eventProperties.get("Auth")).get("Authorizer")));
                    case "DynamoDB" -> streams.add(new StreamTrigger(eventId, streamTable(eventProperties),
                            eventProperties));
                    default -> {
                    }
                }
            });
            String handler = String.valueOf(properties.getOrDefault("Handler", globals.get("Handler")));
            Object codeUri = properties.getOrDefault("CodeUri", globals.get("CodeUri"));
            functions.add(new Function(id, handler, codeUri == null ? null : String.valueOf(codeUri),
                    environment, routes, streams));
        });
        return functions;
    }

    /** Every function's {@code Type: Schedule} events, in template order. */
    public List<Schedule> schedules() {
        List<Schedule> schedules = new ArrayList<>();
        resources("AWS::Serverless::Function").forEach((id, resource) ->
                map(map(resource.get("Properties")).get("Events")).forEach((eventId, event) -> {
                    Map<String, Object> definition = map(event);
                    if ("Schedule".equals(definition.get("Type"))) {
                        schedules.add(new Schedule(id, eventId,
                                resolve(map(definition.get("Properties")).get("Schedule"))));
                    }
                }));
        return schedules;
    }

    public Function function(String logicalId) {
        return functions().stream().filter(f -> f.logicalId().equals(logicalId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("template.yaml has no function " + logicalId));
    }

    /** The {@code AWS::DynamoDB::Table} resources' properties, by logical id. */
    public Map<String, Map<String, Object>> tables() {
        Map<String, Map<String, Object>> tables = new LinkedHashMap<>();
        resources("AWS::DynamoDB::Table").forEach((id, resource) -> tables.put(id, map(resource.get("Properties"))));
        return tables;
    }

    /** A value with intrinsics resolved the way the local stack runs: {@code !Ref} of a resource is its id. */
    public String resolve(Object value) {
        if (value instanceof Map<?, ?> intrinsic && intrinsic.size() == 1) {
            Map.Entry<?, ?> entry = intrinsic.entrySet().iterator().next();
            String function = String.valueOf(entry.getKey());
            Object argument = entry.getValue();
            switch (function) {
                case "Ref" -> {
                    String name = String.valueOf(argument);
                    if (name.equals("AWS::Region")) {
                        return "us-east-1";
                    }
                    return parameters.getOrDefault(name, name);
                }
                case "Fn::GetAtt" -> {
                    String target = argument instanceof List<?> list ? list.get(0) + "." + list.get(1)
                            : String.valueOf(argument);
                    return "local:" + target;
                }
                case "Fn::Sub" -> {
                    String text = argument instanceof List<?> list ? String.valueOf(list.get(0))
                            : String.valueOf(argument);
                    StringBuilder out = new StringBuilder();
                    int i = 0;
                    while (i < text.length()) {
                        int start = text.indexOf("${", i);
                        if (start < 0) {
                            out.append(text, i, text.length());
                            break;
                        }
                        int end = text.indexOf('}', start);
                        out.append(text, i, start);
                        out.append(resolve(Map.of("Ref", text.substring(start + 2, end))));
                        i = end + 1;
                    }
                    return out.toString();
                }
                default -> {
                    return String.valueOf(value);
                }
            }
        }
        return value == null ? null : String.valueOf(value);
    }

    private String streamTable(Map<String, Object> eventProperties) {
        Object stream = eventProperties.get("Stream");
        if (stream instanceof Map<?, ?> intrinsic && intrinsic.get("Fn::GetAtt") != null) {
            Object argument = intrinsic.get("Fn::GetAtt");
            String target = argument instanceof List<?> list ? String.valueOf(list.get(0))
                    : String.valueOf(argument).split("\\.")[0];
            return target;
        }
        throw new IllegalStateException("a DynamoDB event's Stream must be !GetAtt <Table>.StreamArn");
    }

    private static Map<String, Object> environmentOf(Map<String, Object> properties) {
        return map(map(properties.get("Environment")).get("Variables"));
    }

    /** A mapping of the template, or an empty map for anything else. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** A function as the template declares it. */
    public record Function(String logicalId, String handler, String codeUri, Map<String, String> environment,
                           List<Route> routes, List<StreamTrigger> streams) {
        public String handlerClass() {
            int separator = handler.indexOf("::");
            return separator < 0 ? handler : handler.substring(0, separator);
        }
    }

    /**
     * An HTTP API route: method ({@code ANY} allowed), path with {@code {parameters}}, and the name of the HttpApi's
     * authorizer that guards it ({@code Auth: Authorizer:}), {@code null} for none.
     */
    public record Route(String method, String path, String authorizer) {
        public Route(String method, String path) {
            this(method, path, null);
        }
    }

    /**
     * The {@code HttpApi}'s JWT authorizers by name ({@code Auth: Authorizers:}), each with its
     * {@code JwtConfiguration} and {@code IdentitySource} as written.
     */
    public Map<String, Map<String, Object>> authorizers() {
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        resources("AWS::Serverless::HttpApi").values().forEach(api ->
                map(map(map(api.get("Properties")).get("Auth")).get("Authorizers")).forEach((name, definition) ->
                        result.put(name, map(definition))));
        return result;
    }

    /** A schedule event of a function: its expression, {@code rate(...)} or {@code cron(...)}. */
    public record Schedule(String functionId, String eventId, String expression) {
    }

    /** A DynamoDB stream event source: the table it reads and the event's properties as written. */
    public record StreamTrigger(String eventId, String table, Map<String, Object> properties) {
    }

    /** Reads CloudFormation's short-form tags as their long-form maps. */
    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor() {
            super(new LoaderOptions());
            for (String name : List.of("Ref", "Condition")) {
                yamlConstructors.put(new Tag("!" + name), new Intrinsic(name));
            }
            for (String name : List.of("GetAtt", "Sub", "Join", "If", "Equals", "Not", "And", "Or", "Contains",
                    "Select", "Split", "FindInMap", "ImportValue", "Base64", "GetAZs", "Cidr", "ToJsonString")) {
                yamlConstructors.put(new Tag("!" + name), new Intrinsic("Fn::" + name));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String key;

            Intrinsic(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String text = scalar.getValue();
                    value = key.equals("Fn::GetAtt") ? List.of(text.split("\\.", 2)) : text;
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                return Map.of(key, value);
            }
        }
    }
}
