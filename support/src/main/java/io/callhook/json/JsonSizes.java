package io.callhook.json;

import java.nio.charset.StandardCharsets;

/** How many bytes a value takes in a JSON answer: what response size limits are counted on. */
public final class JsonSizes {

    private JsonSizes() {
    }

    /** The UTF-8 length of the value written as JSON, plus one for the comma that separates it in a list. */
    public static int of(Object value) {
        return Json.write(value).getBytes(StandardCharsets.UTF_8).length + 1;
    }
}
