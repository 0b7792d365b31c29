package io.nodus.gui.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

/** JSON answers of the UI's API: a value, or {@code {"error": "..."}} with a status that says what kind of refusal. */
final class ApiResponses {

    private ApiResponses() {
    }

    static void json(HttpServletResponse res, int status, Object value) throws IOException {
        byte[] body = Json.write(value).getBytes(StandardCharsets.UTF_8);
        res.setStatus(status);
        res.setContentType("application/json;charset=utf-8");
        res.setHeader("Cache-Control", "no-store");
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
    }

    static void ok(HttpServletResponse res, Object value) throws IOException {
        json(res, HttpServletResponse.SC_OK, value);
    }

    static void error(HttpServletResponse res, int status, String message) throws IOException {
        json(res, status, Json.object().with("error", message));
    }

    /** A refusal the API turns into a status and a message for the user. */
    static final class ApiException extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        ApiException(int status, String message) {
            super(message);
            this.status = status;
        }

        static ApiException badRequest(String message) {
            return new ApiException(HttpServletResponse.SC_BAD_REQUEST, message);
        }

        static ApiException unavailable(String capability) {
            return new ApiException(HttpServletResponse.SC_SERVICE_UNAVAILABLE, capability
                    + " is not available on this node");
        }

        static ApiException tooLarge(String message) {
            return new ApiException(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, message);
        }
    }
}
