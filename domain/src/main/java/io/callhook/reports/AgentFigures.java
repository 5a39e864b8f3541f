package io.callhook.reports;

import java.util.LinkedHashMap;
import java.util.Map;

/** One interval's figures of one agent: calls answered, talk time (inbound and outbound), callbacks made. */
public final class AgentFigures {

    private long answered;
    private long talkSeconds;
    private long outboundAttempts;
    private long outboundConnects;
    private long callbacksMade;

    /** Adds one call the agent took or made. */
    public void add(ReportFact fact) {
        switch (fact.outcome()) {
            case ANSWERED -> answered++;
            case CONNECTED -> {
                outboundAttempts++;
                outboundConnects++;
            }
            case ATTEMPT -> outboundAttempts++;
            default -> {
                return;
            }
        }
        if (fact.talkSeconds() != null) {
            talkSeconds += fact.talkSeconds();
        }
    }

    /** Adds a callback item the agent's call resolved in the interval. */
    public void addCallbackMade() {
        callbacksMade++;
    }

    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("answered", answered);
        view.put("talkSeconds", talkSeconds);
        view.put("outboundAttempts", outboundAttempts);
        view.put("outboundConnects", outboundConnects);
        view.put("callbacksMade", callbacksMade);
        return view;
    }
}
