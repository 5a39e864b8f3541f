package io.callhook.agentapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.config.OrganizationSettings;
import io.callhook.config.Setting;
import io.callhook.contact.Contact;
import io.callhook.contact.ContactFileException;
import io.callhook.contact.ContactFiles;
import io.callhook.contact.PhoneFormat;
import io.callhook.http.ApiRequest;
import io.callhook.http.HttpError;
import io.callhook.http.JsonBody;
import io.callhook.http.Responses;
import io.callhook.http.Utf8;
import io.callhook.json.Json;
import io.callhook.log.Log;
import io.callhook.store.DynamoConfigStore;
import io.callhook.store.DynamoContactStore;
import io.callhook.store.Page;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The admin API's organization routes, under {@value #PREFIX}: the contacts directory (import from CSV or vCard,
 * list, remove) and the organization's settings (time zone, default phone region). The caller
 * ({@link AdminApiHandler}) has checked the token and that an organization admin names its own organization.
 */
final class OrganizationAdmin {

    static final String PREFIX = "/api/v1/admin/organizations/{organization}";
    static final java.util.Set<String> ROUTES = java.util.Set.of("GET " + PREFIX + "/contacts",
            "POST " + PREFIX + "/contacts/import", "DELETE " + PREFIX + "/contacts/{number}",
            "GET " + PREFIX + "/settings", "PUT " + PREFIX + "/settings");
    /** The largest import body: some 10,000 contacts. */
    static final int MAX_IMPORT_BYTES = 1024 * 1024;
    static final int DEFAULT_LIST = 100;

    private final DynamoContactStore contacts;
    private final DynamoConfigStore config;
    private final Supplier<OrganizationSettings> settings;

    OrganizationAdmin(DynamoContactStore contacts, DynamoConfigStore config, Supplier<OrganizationSettings> settings) {
        this.contacts = contacts;
        this.config = config;
        this.settings = settings;
    }

    /** Each organization's settings as they are now. */
    Supplier<OrganizationSettings> settings() {
        return settings;
    }

    APIGatewayV2HTTPResponse handle(String route, ApiRequest request, String organization) {
        if (contacts == null && route.contains("/contacts") || config == null && route.startsWith("PUT ")) {
            throw HttpError.notFound("no route " + route + " in this deployment");
        }
        return switch (route) {
            case "GET " + PREFIX + "/contacts" -> list(request, organization);
            case "POST " + PREFIX + "/contacts/import" -> importContacts(request, organization);
            case "DELETE " + PREFIX + "/contacts/{number}" -> remove(request, organization);
            case "GET " + PREFIX + "/settings" -> Responses.json(200, view(organization,
                    settings.get().of(organization)));
            default -> setSettings(request, organization);
        };
    }

    private APIGatewayV2HTTPResponse importContacts(ApiRequest request, String organization) {
        byte[] body = request.body();
        if (body.length > MAX_IMPORT_BYTES) {
            throw HttpError.tooLarge("an import is at most " + MAX_IMPORT_BYTES + " bytes; split the file");
        }
        String mediaType = JsonBody.mediaType(request.contentType());
        String format = switch (mediaType) {
            case "text/csv" -> "csv";
            case "text/vcard", "text/x-vcard", "text/directory" -> "vcard";
            default -> throw HttpError.unsupportedMediaType("send text/csv (number,name,company,link) or text/vcard");
        };
        String region = settings.get().of(organization).defaultRegion();
        ContactFiles.Read read;
        try {
            String text = Utf8.decode(body, "body");
            read = format.equals("csv") ? ContactFiles.csv(text, region) : ContactFiles.vcard(text, region);
        } catch (ContactFileException e) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", e.getMessage());
            error.put("line", e.line());
            return Responses.json(422, error);
        }
        contacts.save(organization, read.contacts());
        Log.info("contacts imported", "organization", organization, "format", format, "contacts",
                read.contacts().size(), "skipped", read.skipped());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("organization", organization);
        answer.put("format", format);
        answer.put("imported", read.contacts().size());
        answer.put("skipped", read.skipped());
        return Responses.json(200, answer);
    }

    private APIGatewayV2HTTPResponse list(ApiRequest request, String organization) {
        int limit = DEFAULT_LIST;
        String value = request.queryParameter("limit");
        if (value != null) {
            try {
                limit = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > DynamoContactStore.MAX_LIST) {
                throw HttpError.unprocessable("limit must be a whole number from 1 to " + DynamoContactStore.MAX_LIST);
            }
        }
        Page<Contact> page = contacts.list(organization, limit, request.queryParameter("nextToken"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("organization", organization);
        answer.put("contacts", page.items().stream().map(OrganizationAdmin::view).toList());
        answer.put("nextToken", page.nextToken());
        return Responses.json(200, answer);
    }

    private APIGatewayV2HTTPResponse remove(ApiRequest request, String organization) {
        String region = settings.get().of(organization).defaultRegion();
        String number = PhoneFormat.e164(request.pathParameter("number"), region);
        if (number == null) {
            throw HttpError.unprocessable("number must be a phone number (read in region " + region + ")");
        }
        boolean removed = contacts.remove(organization, number);
        Log.info("contact removed", "organization", organization, "removed", removed);
        return Responses.json(200, Map.of("number", number, "removed", removed));
    }

    private APIGatewayV2HTTPResponse setSettings(ApiRequest request, String organization) {
        Map<String, Object> body = JsonBody.object(request);
        OrganizationSettings.Settings set;
        Map<String, Object> entry = new LinkedHashMap<>();
        try {
            // the entry as stored now (not as cached): a field left out keeps its stored value
            String stored = config.entries(Setting.ORGANIZATION_SETTINGS).get(organization);
            if (stored != null) {
                entry.putAll(Json.parseObject(stored));
            }
            entry.putAll(body);
            set = OrganizationSettings.entry(organization, entry, settings.get().defaults());
        } catch (IllegalArgumentException e) {
            throw HttpError.unprocessable(e.getMessage());
        }
        config.put(Setting.ORGANIZATION_SETTINGS, organization, Json.write(entry));
        Log.info("organization settings set", "organization", organization, "timeZone", set.timeZone().getId(),
                "defaultRegion", set.defaultRegion());
        return Responses.json(200, view(organization, set));
    }

    static Map<String, Object> view(String organization, OrganizationSettings.Settings settings) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("organization", organization);
        view.put("timeZone", settings.timeZone().getId());
        view.put("defaultRegion", settings.defaultRegion());
        return view;
    }

    static Map<String, Object> view(Contact contact) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("number", contact.number());
        view.put("name", contact.name());
        view.put("company", contact.company());
        view.put("link", contact.link());
        return view;
    }
}
