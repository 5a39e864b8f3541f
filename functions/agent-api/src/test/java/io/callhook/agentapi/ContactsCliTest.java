// ContactsCli commands run in-process against the engine's HTTP endpoint (--endpoint), with the template's tables.
package io.callhook.agentapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.contact.Contact;
import io.callhook.store.DynamoContactStore;
import io.callhook.testing.LocalDynamo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContactsCliTest {

    private final LocalDynamo local = LocalDynamo.shared();
    private final String table = local.createTables().get("ContactsTable");
    private final DynamoContactStore store = new DynamoContactStore(local.client(), table);
    private final String org = "org-" + UUID.randomUUID().toString().substring(0, 8);
    private String out;
    private String err;

    @TempDir
    Path dir;

    int cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--table", table, "--endpoint", local.endpoint()));
        all.addAll(List.of(args));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int status = ContactsCli.run(all.toArray(String[]::new), Map.of(), new PrintStream(stdout, true,
                StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        out = stdout.toString(StandardCharsets.UTF_8);
        err = stderr.toString(StandardCharsets.UTF_8);
        return status;
    }

    @Test
    void importsCsvAndVcardListsAndRemovesAndABadFileWritesNothing() throws Exception {
        Path csv = Files.writeString(dir.resolve("contacts.csv"), "number,name,company\n"
                + "030 23125741,Jane Doe,ACME\n");
        Path vcf = Files.writeString(dir.resolve("contacts.vcf"), "BEGIN:VCARD\nVERSION:3.0\nFN:Bob\n"
                + "TEL:+1 212 555 0100\nEND:VCARD\n");
        assertEquals(0, cli("import", "--organization", org, "--file", csv.toString()), err);
        assertEquals("imported 1 contacts into organization " + org + "\n", out);
        assertEquals(0, cli("import", "--organization", org, "--file", vcf.toString()), err);
        assertEquals(0, cli("import", "--organization", org, "--file", csv.toString()), "again: the same");
        assertEquals(Map.of("+493023125741", new Contact("+493023125741", "Jane Doe", "ACME", null),
                "+12125550100", new Contact("+12125550100", "Bob", null, null)),
                store.find(org, Set.of("+493023125741", "+12125550100")));
        assertEquals(0, cli("list", "--organization", org), err);
        assertEquals(2, out.lines().count(), out);

        Path bad = Files.writeString(dir.resolve("bad.csv"), "number,name\n+4930999000,Fine\n201,Extension\n");
        assertEquals(1, cli("import", "--organization", org, "--file", bad.toString()));
        assertTrue(err.contains("line 3: \"201\" is not a phone number"), err);
        assertEquals(Map.of(), store.find(org, Set.of("+4930999000")), "nothing written");

        assertEquals(0, cli("remove", "--organization", org, "--number", "+49 30 23125741"), err);
        assertEquals("removed +493023125741\n", out);
        assertEquals(Set.of("+12125550100"), store.find(org, Set.of("+493023125741", "+12125550100")).keySet());
    }
}
