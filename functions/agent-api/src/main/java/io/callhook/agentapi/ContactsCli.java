package io.callhook.agentapi;

import io.callhook.config.OrganizationSettings;
import io.callhook.config.Organizations;
import io.callhook.contact.Contact;
import io.callhook.contact.ContactFiles;
import io.callhook.contact.PhoneFormat;
import io.callhook.store.DynamoContactStore;
import io.callhook.store.Page;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Manages the contacts table ({@link DynamoContactStore}), the sibling of {@link ConfigCli} and {@link RoutingCli}
 * with the same options: imports a CSV or vCard file for one organization exactly as the admin API does (all or
 * nothing; a contact of the same number is replaced, so importing a file again changes nothing), lists and removes
 * contacts.
 * <pre>
 * java -cp functions/agent-api/target/agent-api-lambda.jar io.callhook.agentapi.ContactsCli --table T COMMAND ...
 * </pre>
 */
public final class ContactsCli {

    static final String USAGE = """
            usage: ContactsCli [--table TABLE] [--endpoint URL] [--region REGION] COMMAND [OPTIONS]

              import --organization O --file F [--phone-region R]
                                 a CSV (number,name,company,link) or vCard 3/4 file (.csv, .vcf); numbers are read
                                 in R, the organization's default region (default: $DEFAULT_REGION, else DE)
              list   --organization O             one JSON object per contact, by number
              remove --organization O --number N

              --table      the contacts table (default: $CONTACTS_TABLE; stack output ContactsTableName)
              --endpoint   a DynamoDB endpoint such as the local stack's, http://127.0.0.1:8000
              --region     AWS region (default: $AWS_REGION)
            """;

    private static final Set<String> OPTIONS = Set.of("table", "endpoint", "region", "organization", "file",
            "phone-region", "number");

    private ContactsCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs one command; returns the exit status: 0 done, 1 failed, 2 usage error. */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        return CliArguments.run(args, OPTIONS, USAGE, out, err, arguments -> arguments.onTable(environment,
                DynamoContactStore.TABLE_VARIABLE, err, (dynamo, table) -> command(arguments, environment,
                        new DynamoContactStore(dynamo, table), out, err)));
    }

    private static int command(CliArguments options, Map<String, String> environment, DynamoContactStore contacts,
                               PrintStream out, PrintStream err) {
        String organization = options.required("organization");
        if (!Organizations.isName(organization)) {
            throw new IllegalArgumentException("organization must be 1 to 64 letters, digits, . _ -");
        }
        String region = OrganizationSettings.region(options.first("phone-region",
                environment.getOrDefault(OrganizationSettings.DEFAULT_REGION_VARIABLE, "DE")));
        switch (options.command()) {
            case "import" -> {
                Path file = Path.of(options.required("file"));
                String text;
                try {
                    text = Files.readString(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
                }
                boolean vcard = file.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(vcf|vcard)")
                        || text.stripLeading().regionMatches(true, 0, "BEGIN:VCARD", 0, 11);
                ContactFiles.Read read = vcard ? ContactFiles.vcard(text, region) : ContactFiles.csv(text, region);
                contacts.save(organization, read.contacts());
                out.println("imported " + read.contacts().size() + " contacts into organization " + organization
                        + (read.skipped() > 0 ? " (" + read.skipped() + " cards without a number skipped)" : ""));
            }
            case "list" -> {
                String token = null;
                do {
                    Page<Contact> page = contacts.list(organization, DynamoContactStore.MAX_LIST, token);
                    page.items().forEach(contact -> out.println(JsonResponses.write(
                            OrganizationAdmin.view(contact))));
                    token = page.nextToken();
                } while (token != null);
            }
            case "remove" -> {
                String number = PhoneFormat.e164(options.required("number"), region);
                if (number == null) {
                    throw new IllegalArgumentException("--number must be a phone number (read in " + region + ")");
                }
                out.println(contacts.remove(organization, number) ? "removed " + number
                        : "no contact " + number + " in organization " + organization);
            }
            default -> {
                err.println("error: unknown command " + options.command());
                err.print(USAGE);
                return 2;
            }
        }
        return 0;
    }
}
