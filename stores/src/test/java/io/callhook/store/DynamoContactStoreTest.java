// The contacts table over the project's engine through callhook's client: import replaces by number, lookups by
// key stay inside one organization, the change marker moves with every change, lists page.
package io.callhook.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.agent.Agent;
import io.callhook.auth.TokenHashes;
import io.callhook.config.Environment;
import io.callhook.config.OrganizationSettings;
import io.callhook.contact.Annotations;
import io.callhook.contact.Contact;
import io.callhook.testing.LocalDynamo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DynamoContactStoreTest {

    private final LocalDynamo local = LocalDynamo.shared();
    private final Map<String, String> tables = local.createTables();
    private final DynamoContactStore store = new DynamoContactStore(local.client(), tables.get("ContactsTable"));
    private final String org = "org-" + UUID.randomUUID();
    private final String other = "other-" + UUID.randomUUID();

    @Test
    void anImportReplacesByNumberAndLookupsStayInTheirOrganization() {
        String before = store.changeMarker(org);
        store.save(org, List.of(new Contact("+493023125741", "Jane", "ACME", "https://crm.example.com/1"),
                new Contact("+4915199999999", "Max", null, null)));
        store.save(other, List.of(new Contact("+493023125741", "Someone else", null, null)));
        String imported = store.changeMarker(org);
        assertNotEquals(before, imported);

        store.save(org, List.of(new Contact("+493023125741", "Jane Doe", null, null)));
        assertNotEquals(imported, store.changeMarker(org), "every import moves the marker");
        Map<String, Contact> found = store.find(org, Set.of("+493023125741", "+4915199999999", "+4930999"));
        assertEquals(Map.of("+493023125741", new Contact("+493023125741", "Jane Doe", null, null),
                "+4915199999999", new Contact("+4915199999999", "Max", null, null)), found,
                "replaced whole by number; the other kept; an unknown number left out");
        assertEquals("Someone else", store.find(other, Set.of("+493023125741")).get("+493023125741").name());

        assertTrue(store.remove(org, "+4915199999999"));
        assertFalse(store.remove(org, "+4915199999999"), "gone already: nothing written");
        assertEquals(Set.of("+493023125741"), store.find(org, Set.of("+4915199999999", "+493023125741")).keySet());
    }

    @Test
    void listsPageByNumberWithoutTheMarker() {
        List<Contact> many = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            many.add(new Contact("+4930" + (1000000 + i), "c" + i, null, null));
        }
        store.save(org, many);
        List<String> numbers = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Page<Contact> page = store.list(org, 40, token);
            page.items().forEach(contact -> numbers.add(contact.number()));
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertEquals(many.stream().map(Contact::number).sorted().toList(), numbers);
        assertEquals(4, pages);
        assertEquals(List.of(), store.list(other, 10, null).items());
    }

    @Test
    void annotationsShowContactsAndAgentNamesOfTheOrganizationOnly() {
        DynamoAgentDirectory agents = new DynamoAgentDirectory(local.client(), tables.get("AgentsTable"));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        agents.save(new Agent("a-" + suffix, "emma-" + suffix, null, Set.of("+4930" + suffix.hashCode()), org,
                "Emma Taylor"), TokenHashes.hashOf("t1-" + suffix));
        agents.save(new Agent("b-" + suffix, "olga-" + suffix, null, Set.of(), other, "Olga"),
                TokenHashes.hashOf("t2-" + suffix));
        store.save(org, List.of(new Contact("+493023125741", "Jane", "ACME", null)));
        store.save(other, List.of(new Contact("+4915199999999", "Theirs", null, null)));
        Annotations.Lookup lookup = new Annotations.Lookup(store, agents,
                () -> OrganizationSettings.defaults(Environment.of(Map.of())));

        Annotations seen = lookup.of(org, List.of("493023125741", "4915199999999"),
                List.of("emma-" + suffix, "a-" + suffix, "olga-" + suffix, "nobody"));
        assertEquals("Jane, ACME", seen.comment("+49 30 23125741"));
        Map<String, Object> contact = seen.contact("493023125741");
        assertEquals(List.of("number", "display", "name", "company", "link"), List.copyOf(contact.keySet()));
        assertEquals("+493023125741", contact.get("number"));
        assertEquals("030 23125741", contact.get("display"));
        assertNull(seen.contact("4915199999999").get("name"), "another organization's contact is not seen");
        assertEquals("Emma Taylor", seen.agentName("emma-" + suffix));
        assertEquals("Emma Taylor", seen.agentName("a-" + suffix));
        assertNull(seen.agentName("olga-" + suffix), "another organization's agent has no name here");
        assertNull(seen.agentName("nobody"));
    }
}
