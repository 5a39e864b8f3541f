package io.callhook.agentapi;

import io.callhook.auth.TokenHashes;
import io.callhook.config.OrganizationSettings;
import io.callhook.config.Organizations;
import io.callhook.contact.NumberKeys;
import io.callhook.routing.PhoneNumbers;
import io.callhook.store.DynamoRoutingStore;
import java.io.PrintStream;
import java.util.Map;
import java.util.Set;

/**
 * Manages each integration's call routing (block list, outbound caller ids) from the command line, the sibling of
 * {@link AgentsCli} with the same options, against AWS or a local engine. Writes go straight to the routing table
 * (as the admin API's do); CTI webhook instances see them within their cache time (RoutingCacheSeconds).
 * <pre>
 * java -cp functions/agent-api/target/agent-api-lambda.jar io.callhook.agentapi.RoutingCli --table T COMMAND ...
 * </pre>
 */
public final class RoutingCli {

    static final String USAGE = """
            usage: RoutingCli [--table TABLE] [--endpoint URL] [--region REGION] COMMAND [OPTIONS]

              rules                    --integration I   the integration's rules, as JSON
              block                    --integration I --number N [--note TEXT] [--phone-region R]
                                       N is a number (+49..., 0049..., digits), a prefix ending in *, or anonymous;
                                       stored in every form the webhook may see it in, for the organization's
                                       default region R (default: $DEFAULT_REGION, else DE): 030 111 in DE is
                                       030111 and 4930111, +4930* is 4930* and 030*
              unblock                  --integration I --number N [--phone-region R]   every form of N
              set-caller-id            --integration I --prefix P --caller-id C [--phone-region R]
                                       outbound calls to numbers starting with P present C (longest prefix wins)
              remove-caller-id         --integration I --prefix P [--phone-region R]
              set-default-caller-id    --integration I --caller-id C   what no prefix matches presents C
              remove-default-caller-id --integration I
              admin-token              a new admin token and the SHA-256 for the AdminTokenHash parameter
                                       [--organization O]: an organization admin's token and its entry for
                                       the OrganizationAdminTokenHashes parameter instead

              --table      the routing table (default: $ROUTING_TABLE; stack output RoutingTableName)
              --endpoint   a DynamoDB endpoint such as the local stack's, http://127.0.0.1:8000
              --region     AWS region (default: $AWS_REGION)
            """;

    private static final Set<String> OPTIONS = Set.of("table", "endpoint", "region", "integration", "number", "note",
            "prefix", "caller-id", "organization", "phone-region");

    private RoutingCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs one command; returns the exit status: 0 done, 1 failed, 2 usage error. */
    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        return CliArguments.run(args, OPTIONS, USAGE, out, err, arguments -> run(arguments, environment, out, err));
    }

    private static int run(CliArguments arguments, Map<String, String> environment, PrintStream out,
                           PrintStream err) {
        if (arguments.command().equals("admin-token")) {
            String organization = arguments.first("organization", null);
            if (organization != null && !Organizations.isName(organization)) {
                err.println("error: --organization must be 1 to 64 letters, digits, . _ -");
                return 2;
            }
            String token = AgentsCli.newToken();
            if (organization == null) {
                out.println("admin token: " + token);
                out.println("AdminTokenHash: " + TokenHashes.hashOf(token));
                out.println("(shown once: deploy with --parameter-overrides AdminTokenHash=<the hash>; keep the"
                        + " token)");
            } else {
                out.println("admin token of organization " + organization + ": " + token);
                out.println("OrganizationAdminTokenHashes entry: " + organization + ":" + TokenHashes.hashOf(token));
                out.println("(shown once: add the entry with ConfigCli add --setting OrganizationAdminTokenHashes"
                        + " --entry <the entry>, or to the parameter; keep the token)");
            }
            return 0;
        }
        return arguments.onTable(environment, DynamoRoutingStore.TABLE_VARIABLE, err,
                (dynamo, table) -> command(arguments, environment, new DynamoRoutingStore(dynamo, table), out, err));
    }

    private static int command(CliArguments options, Map<String, String> environment, DynamoRoutingStore routing,
                               PrintStream out, PrintStream err) {
        String integration = options.required("integration");
        if (!Organizations.isName(integration)) {
            throw new IllegalArgumentException("--integration must be 1 to 64 letters, digits, . _ -");
        }
        String region = OrganizationSettings.region(options.first("phone-region",
                environment.getOrDefault(OrganizationSettings.DEFAULT_REGION_VARIABLE, "DE")));
        switch (options.command()) {
            case "rules" -> out.println(JsonResponses.write(AdminApiHandler.view(routing.rules(integration, true))));
            case "block" -> {
                Set<String> forms = NumberKeys.blockForms(options.required("number"), region);
                String note = options.first("note", "");
                forms.forEach(form -> routing.block(integration, form, note));
                out.println("blocked " + String.join(", ", forms) + " for " + integration);
            }
            case "unblock" -> {
                Set<String> forms = NumberKeys.blockForms(options.required("number"), region);
                boolean removed = false;
                for (String form : forms) {
                    removed |= routing.unblock(integration, form);
                }
                out.println(removed ? "unblocked " + String.join(", ", forms)
                        : String.join(", ", forms) + " was not blocked");
            }
            case "set-caller-id" -> {
                Set<String> forms = NumberKeys.destinationForms(options.required("prefix"), region);
                String callerId = PhoneNumbers.callerId(options.required("caller-id"));
                forms.forEach(form -> routing.setCallerId(integration, form, callerId));
                out.println("calls to " + String.join("..., ", forms) + "... present " + callerId);
            }
            case "remove-caller-id" -> {
                Set<String> forms = NumberKeys.destinationForms(options.required("prefix"), region);
                boolean removed = false;
                for (String form : forms) {
                    removed |= routing.removeCallerId(integration, form);
                }
                out.println(removed ? "removed the rule for " + String.join(", ", forms)
                        : "no rule for " + String.join(", ", forms));
            }
            case "set-default-caller-id" -> {
                String callerId = PhoneNumbers.callerId(options.required("caller-id"));
                routing.setDefaultCallerId(integration, callerId);
                out.println("other calls present " + callerId);
            }
            case "remove-default-caller-id" -> {
                routing.setDefaultCallerId(integration, null);
                out.println("removed the default caller id");
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
