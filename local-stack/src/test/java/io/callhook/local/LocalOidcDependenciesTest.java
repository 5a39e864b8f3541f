// Build checks (no network): the local OpenID Connect provider and the JWT library stay in the local stack and never
// reach a Lambda function's jar.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.template.SamTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LocalOidcDependenciesTest {

    static final Path ROOT = SamTemplate.find().getParent();
    /** What mock-oauth2-server and nimbus-jose-jwt bring, as class-file paths. */
    static final List<String> LOCAL_ONLY = List.of("no/nav/security/", "com/nimbusds/", "kotlin/", "okhttp3/",
            "io/netty/", "freemarker/", "ch/qos/logback/");

    @Test
    void noFunctionModuleNorALibraryModuleDependsOnTheLocalStackOrTheProvider() throws IOException {
        List<Path> poms;
        try (Stream<Path> modules = Files.list(ROOT.resolve("functions"))) {
            poms = modules.map(module -> module.resolve("pom.xml")).filter(Files::isRegularFile).toList();
        }
        assertTrue(poms.size() >= 7, poms.toString());
        // the library modules the functions are built from (issue 23 split shared/ into them)
        for (Path pom : Stream.concat(poms.stream(), Stream.of("support", "domain", "stores", "edge", "aws-client")
                .map(module -> ROOT.resolve(module).resolve("pom.xml"))).toList()) {
            String text = Files.readString(pom);
            for (String artifact : List.of("<artifactId>local-stack</artifactId>",
                    "<artifactId>mock-oauth2-server</artifactId>", "<artifactId>nimbus-jose-jwt</artifactId>")) {
                assertFalse(text.contains(artifact), pom + " names " + artifact);
            }
        }
        String localStack = Files.readString(ROOT.resolve("local-stack/pom.xml"));
        assertTrue(localStack.contains("<artifactId>mock-oauth2-server</artifactId>"));
    }

    @Test
    void noBuiltLambdaJarHoldsTheProvidersClasses() throws IOException {
        List<Path> jars;
        try (Stream<Path> files = Files.walk(ROOT.resolve("functions"), 3)) {
            jars = files.filter(p -> p.getFileName().toString().endsWith("-lambda.jar")).toList();
        }
        // jars exist after `mvn package`; before it there is nothing to look into
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                List<String> leaked = file.stream().map(e -> e.getName())
                        .filter(name -> LOCAL_ONLY.stream().anyMatch(name::startsWith)).limit(3).toList();
                assertEquals(List.of(), leaked, jar.toString());
            }
        }
    }
}
