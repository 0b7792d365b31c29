package io.nodus.gui.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GuiContextTest {

    @Test
    void findsTheTokenAmongQueryParameters() {
        assertEquals("abc", GuiContext.queryToken("x=1&token=abc&y=2"));
        assertEquals("a b", GuiContext.queryToken("token=a%20b"));
        assertNull(GuiContext.queryToken("tokens=abc"));
        assertNull(GuiContext.queryToken(null));
        assertNull(GuiContext.queryToken("token=%zz"));
    }

    @Test
    void readsBearerTokens() {
        assertEquals("t", GuiContext.bearer("Bearer t"));
        assertEquals("t", GuiContext.bearer("bearer t"));
        assertNull(GuiContext.bearer("Basic dDp0"));
        assertNull(GuiContext.bearer(null));
    }

    @Test
    void onlyReadsAreSafe() {
        assertTrue(GuiContext.isSafe("GET"));
        assertTrue(GuiContext.isSafe("HEAD"));
        assertFalse(GuiContext.isSafe("POST"));
        assertFalse(GuiContext.isSafe("DELETE"));
    }
}
