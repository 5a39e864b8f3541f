package io.callhook.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The tools AWS users run on a SAM template, where this machine has them: the SAM translator (aws-sam-translator,
 * the code behind CloudFormation's {@code AWS::Serverless} transform) and cfn-lint. Tests that need one skip
 * visibly where it is missing ({@code CALLHOOK_PYTHON} names the Python that has aws-sam-translator; default
 * {@code python3}).
 */
final class AwsTemplateTools {

    /** The regions callhook deploys to: the template's {@code SupportedRegion} rule, which the README lists. */
    static final List<String> REGIONS = supportedRegions(SamTemplate.load(SamTemplate.find()));

    private static final ObjectMapper JSON = new ObjectMapper();

    private AwsTemplateTools() {
    }

    /** The region list of the template's {@code SupportedRegion} rule ({@code Fn::Contains [[...], AWS::Region]}). */
    static List<String> supportedRegions(SamTemplate template) {
        Map<String, Object> rule = SamTemplate.map(SamTemplate.map(template.raw().get("Rules")).get("SupportedRegion"));
        Object assertion = SamTemplate.map(((List<?>) rule.get("Assertions")).get(0)).get("Assert");
        List<?> contains = (List<?>) SamTemplate.map(assertion).get("Fn::Contains");
        return ((List<?>) contains.get(0)).stream().map(String::valueOf).toList();
    }

    static String python() {
        String configured = System.getenv("CALLHOOK_PYTHON");
        return configured == null || configured.isBlank() ? "python3" : configured;
    }

    /** Whether {@link #python()} runs and imports {@code module}. */
    static boolean pythonHas(String module) {
        try {
            return run(List.of(python(), "-c", "import " + module), null).status == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** The path of {@code tool} when it is on the PATH and answers {@code --version}. */
    static Optional<String> command(String tool) {
        try {
            return run(List.of(tool, "--version"), null).status == 0 ? Optional.of(tool) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The template as CloudFormation's transform turns it into plain CloudFormation for {@code region} with these
     * parameter values (each function's CodeUri packaged to S3, as {@code sam deploy} does).
     */
    static JsonNode translate(Path template, Map<String, String> parameters, String region) throws IOException {
        Path script = template.getParent().resolve("support/src/test/python/sam_translate.py");
        Result result = run(List.of(python(), script.toString(), template.toString(), region),
                JSON.writeValueAsBytes(parameters));
        if (result.status != 0) {
            throw new AssertionError("the SAM translator refused template.yaml (" + region + "): " + result.err);
        }
        return JSON.readTree(result.out);
    }

    /** The template transformed for each region, by region, in one run of the translator. */
    static Map<String, JsonNode> translate(Path template, Map<String, String> parameters, List<String> regions)
            throws IOException {
        JsonNode all = translate(template, parameters, String.join(",", regions));
        Map<String, JsonNode> byRegion = new java.util.LinkedHashMap<>();
        regions.forEach(region -> byRegion.put(region, all.path(region)));
        return byRegion;
    }

    record Result(int status, String out, String err) {
    }

    static Result run(List<String> command, byte[] stdin) throws IOException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        try {
            return new Result(process.waitFor(), out.join(), err.join());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted", e);
        }
    }

    private static String drain(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
