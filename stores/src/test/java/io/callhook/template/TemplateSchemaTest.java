// Validates template.yaml against the official AWS SAM JSON schema, when a copy of the schema is at hand.
package io.callhook.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class TemplateSchemaTest {

    /** Where the schema is: {@code CALLHOOK_SAM_SCHEMA} (set by .ci/run), else a team copy beside the repo. */
    static Optional<Path> schema() {
        String configured = System.getenv("CALLHOOK_SAM_SCHEMA");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        Path beside = SamTemplate.find().getParent().resolve("../shared/schemas/sam.schema.json").normalize();
        return Files.isRegularFile(beside) ? Optional.of(beside) : Optional.empty();
    }

    @Test
    void templateIsValidAgainstTheSamSchema() throws IOException {
        Optional<Path> schemaFile = schema();
        Assumptions.assumeTrue(schemaFile.isPresent(),
                "SKIPPED: no SAM schema (set CALLHOOK_SAM_SCHEMA to aws/serverless-application-model's "
                        + "schema_source/sam.schema.json to validate template.yaml)");
        JsonSchema schema;
        try (InputStream in = Files.newInputStream(schemaFile.get())) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
        JsonNode template = new ObjectMapper().valueToTree(SamTemplate.load(SamTemplate.find()).raw());
        Set<ValidationMessage> errors = schema.validate(template);
        assertEquals(Set.of(), errors, "template.yaml does not match the SAM schema");
        assertTrue(template.path("Resources").size() > 0);
    }
}
