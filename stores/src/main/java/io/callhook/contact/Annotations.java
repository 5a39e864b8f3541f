package io.callhook.contact;

import io.callhook.agent.AgentDirectory;
import io.callhook.config.OrganizationSettings;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What an answer shows beside numbers and agent names, looked up once per answer for all of them: each number's
 * contact object and each agent name's display name, within one organization only (another organization's contacts
 * and agents are never seen). Build with {@link #lookup}; reads at most one batch of contacts and two of agents
 * per 100 distinct values.
 */
public final class Annotations {

    private final String region;
    private final Map<String, Contact> contacts;
    private final Map<String, String> agentNames;

    private Annotations(String region, Map<String, Contact> contacts, Map<String, String> agentNames) {
        this.region = region;
        this.contacts = contacts;
        this.agentNames = agentNames;
    }

    /** Annotations with no contacts and no agent names (numbers are still formatted for {@code region}). */
    public static Annotations none(String region) {
        return new Annotations(region, Map.of(), Map.of());
    }

    /** Looks up what answers of one organization show. */
    public static final class Lookup {
        private final ContactDirectory contacts;
        private final AgentDirectory agents;
        private final Supplier<OrganizationSettings> settings;

        /**
         * @param contacts the contacts directory; {@code null}: no contacts (every {@code name} is {@code null})
         * @param agents   the agents; {@code null}: no agent names
         */
        public Lookup(ContactDirectory contacts, AgentDirectory agents, Supplier<OrganizationSettings> settings) {
            this.contacts = contacts;
            this.agents = agents;
            this.settings = settings;
        }

        /** The organization's settings now. */
        public OrganizationSettings.Settings settings(String organization) {
            return settings.get().of(organization);
        }

        /**
         * The organization's contacts change marker ({@link ContactDirectory#changeMarker}; one consistent read),
         * empty without a directory: part of an entity tag, so an answer shows a new import at the next poll.
         */
        public String changeMarker(String organization) {
            return contacts == null ? "" : contacts.changeMarker(organization);
        }

        /** The contacts of {@code numbers} (as sent, any spelling) and the names of {@code agentNames}. */
        public Annotations of(String organization, Collection<String> numbers, Collection<String> agentNames) {
            String region = settings(organization).defaultRegion();
            Set<String> keys = new LinkedHashSet<>();
            numbers.stream().filter(Objects::nonNull).distinct().map(number -> PhoneFormat.e164(number, region))
                    .filter(Objects::nonNull).forEach(keys::add);
            Map<String, Contact> found = contacts == null || keys.isEmpty() ? Map.of()
                    : contacts.find(organization, keys);
            Map<String, String> names = new HashMap<>();
            Set<String> wanted = new LinkedHashSet<>();
            agentNames.stream().filter(Objects::nonNull).forEach(wanted::add);
            if (agents != null && !wanted.isEmpty()) {
                agents.resolveAll(wanted, organization).forEach((name, agent) -> names.put(name, agent.name()));
            }
            return new Annotations(region, found, names);
        }
    }

    /**
     * The contact object of a number as sent: {@code number} (E.164, {@code null} when it is no valid number),
     * {@code display} (national in the organization's region, else international; the value as sent when it is no
     * valid number), and the directory's {@code name}, {@code company} and {@code link} ({@code null} without an
     * entry). Every key is always there.
     */
    public Map<String, Object> contact(String raw) {
        String number = PhoneFormat.e164(raw, region);
        Contact contact = number == null ? null : contacts.get(number);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("number", number);
        view.put("display", PhoneFormat.display(raw, region));
        view.put("name", contact == null ? null : contact.name());
        view.put("company", contact == null ? null : contact.company());
        view.put("link", contact == null ? null : contact.link());
        return view;
    }

    /** Zammad's {@code from_comment}: the contact's name (with {@code ", company"}), {@code null} without one. */
    public String comment(String raw) {
        String number = PhoneFormat.e164(raw, region);
        Contact contact = number == null ? null : contacts.get(number);
        return contact == null ? null : contact.comment();
    }

    /** The display name of the agent a name (id, login, e-mail, phone) names in this organization, else null. */
    public String agentName(String name) {
        return name == null ? null : agentNames.get(name);
    }

    /** The region numbers are read and shown in. */
    public String region() {
        return region;
    }
}
