// Every function's deployable jar (the minimized target/<module>-lambda.jar the template deploys), alone on a fresh
// JVM's class path with one probe class: the handler is built from the template's environment and its SnapStart
// priming runs the whole request path (translation, stores, marshalling, signing, answers read) and its TLS
// handshakes with a loopback endpoint of its own (TLS 1.2 and 1.3). A class the shade plugin left out would fail
// here. Nothing leaves the machine; needs `mvn verify` (or package) to have built the jars, as CI does.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.template.SamTemplate;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PackagedJarsTest {

    static Stream<SamTemplate.Function> functions() {
        return TemplateContractTest.TEMPLATE.functions().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void theJarAloneRunsTheFunctionsRequestPath(SamTemplate.Function function) throws Exception {
        Path jar = SamTemplate.find().getParent().resolve(function.codeUri());
        Assumptions.assumeTrue(Files.isRegularFile(jar), "SKIPPED: " + jar + " is not built (mvn verify builds it)");
        Path probe = Path.of(PackagedJarProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", jar + File.pathSeparator + probe, PackagedJarProbe.class.getName(), function.handlerClass())
                .redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.clear();
        function.environment().forEach((name, value) -> environment.put(name, value == null ? "" : value));
        environment.put("AWS_REGION", "us-east-1");
        String output = run(builder);

        List<String> primed = output.lines().filter(line -> line.startsWith("PRIMED ")).toList();
        assertEquals(1, primed.size(), output);
        List<String> operations = Arrays.asList(primed.get(0).substring("PRIMED ".length()).split(","));
        assertFalse(operations.isEmpty() || operations.get(0).isEmpty(), output);
        assertTrue(operations.stream().allMatch(op -> op.startsWith("DynamoDB_20120810.")
                || op.equals("AWSEvents.PutEvents")), operations.toString());
        assertTrue(output.lines().anyMatch(line -> line.equals("TLS TLSv1.2,TLSv1.3")), output);
        assertFalse(output.contains("NoClassDefFoundError") || output.contains("ClassNotFoundException"), output);
    }

    private static String run(ProcessBuilder builder) throws IOException, InterruptedException {
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        // a guard against a hung JVM, not a measure of speed
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the probe JVM did not end");
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), text);
        return text;
    }
}
