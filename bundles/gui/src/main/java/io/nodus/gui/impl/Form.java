package io.nodus.gui.impl;

import java.util.HashMap;
import java.util.Map;

import io.nodus.gui.impl.ApiResponses.ApiException;
import jakarta.servlet.http.HttpServletRequest;

/** The form fields of one POST, with the checks every route needs. */
final class Form {

    /** A form body beyond this is refused before it is read (a message is the largest field). */
    static final int OVERHEAD_BYTES = 8 * 1024;
    /** Percent-encoding makes a UTF-8 byte up to 3 characters. */
    static final int ENCODING_FACTOR = 3;

    private final Map<String, String> fields;

    private Form(Map<String, String> fields) {
        this.fields = fields;
    }

    static Form of(HttpServletRequest req, StateView state) throws ApiException {
        long limit = (long) ENCODING_FACTOR * maxMessageBytes(state) + OVERHEAD_BYTES;
        long length = req.getContentLengthLong();
        if (length > limit) {
            throw ApiException.tooLarge("request of " + length + " bytes refused; the limit is " + limit);
        }
        Map<String, String> out = new HashMap<>();
        try {
            for (Map.Entry<String, String[]> e : req.getParameterMap().entrySet()) {
                if (e.getValue().length > 0 && !e.getKey().equals(GuiContext.TOKEN_PARAMETER)) {
                    out.put(e.getKey(), e.getValue()[0]);
                }
            }
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw ApiException.tooLarge("form refused: " + e.getMessage());
        }
        return new Form(out);
    }

    private static int maxMessageBytes(StateView state) {
        Object limits = state.limits().get("maxMessageBytes");
        return limits instanceof Number n ? n.intValue() : GuiSettings.defaults().maxMessageBytes();
    }

    String require(String name) throws ApiException {
        String v = fields.get(name);
        if (v == null || v.isBlank()) {
            throw ApiException.badRequest("missing field '" + name + "'");
        }
        return v;
    }

    String get(String name, String fallback) {
        return fields.getOrDefault(name, fallback);
    }

    boolean has(String name) {
        return fields.containsKey(name);
    }

    Map<String, String> all() {
        return Map.copyOf(fields);
    }
}
