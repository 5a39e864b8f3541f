package io.callhook.contact;

import java.util.Map;
import java.util.Set;

/** Who the organizations' phone numbers belong to (the contacts table). */
public interface ContactDirectory {

    /**
     * The contacts of {@code numbers} (E.164) in {@code organization}, by number; numbers without one are left out.
     * Reads nothing for an empty set.
     */
    Map<String, Contact> find(String organization, Set<String> numbers);

    /**
     * The organization's change marker: a value that changes with every import or removal of its contacts (so an
     * answer's entity tag can include it).
     */
    String changeMarker(String organization);
}
