package io.callhook.agentapi;

import io.callhook.agent.Agent;
import io.callhook.agent.AgentDirectory;
import io.callhook.call.AgentCall;

/**
 * Who has a call, for showing it: the agent an agent action assigned it to, else the agent of the call's
 * organization the PBX's answering number names (resolved as Zammad does: phone, then login, then id), else nobody.
 * Ownership is enforced by the writes' conditions ({@link io.callhook.agent.Requirement}); this only names the owner
 * in responses.
 */
final class Ownership {

    private final AgentDirectory directory;

    Ownership(AgentDirectory directory) {
        this.directory = directory;
    }

    /**
     * The agent who has the call, for a call object's {@code assigned_to}: {@code assignedTo}, else the agent of the
     * call's organization the answering number names; {@code null} for nobody or a number that names no agent of
     * that organization (another organization's agent's name is as unknown). Looks the directory up only for a
     * call answered under a name that is not {@code me}'s.
     */
    String assigneeOf(AgentCall call, Agent me) {
        String assigned = call.actions().assignedTo();
        if (assigned != null) {
            return assigned;
        }
        String answeredBy = call.call().answeredBy();
        if (answeredBy == null) {
            return null;
        }
        if (me.identities().contains(answeredBy)) {
            return me.id();
        }
        return directory.resolve(answeredBy, call.call().organizationId()).map(Agent::id).orElse(null);
    }

    /** Who has the call, for a 403: as {@link #assigneeOf}, or the answering number itself; {@code null}: nobody. */
    String ownerOf(AgentCall call, Agent me) {
        String assignee = assigneeOf(call, me);
        return assignee != null ? assignee : call.call().answeredBy();
    }
}
