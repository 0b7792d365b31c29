package io.nodus.gui.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class EventHubTest {

    @Test
    void deliversEventsAsServerSentEventFrames() throws Exception {
        EventHub hub = new EventHub();
        EventHub.Subscriber s = hub.subscribe(2);
        hub.publish("chat", Json.object().with("text", "a\nb"));
        assertEquals("id: 1\nevent: chat\ndata: {\"text\":\"a\\nb\"}\n\n", s.next(1, TimeUnit.SECONDS));
        assertNull(s.next(10, TimeUnit.MILLISECONDS));
    }

    @Test
    void limitsThePagesAndDropsOneThatFallsBehind() throws Exception {
        EventHub hub = new EventHub();
        EventHub.Subscriber slow = hub.subscribe(1);
        assertNotNull(slow);
        assertNull(hub.subscribe(1), "over the limit");
        for (int i = 0; i <= EventHub.QUEUE_CAPACITY; i++) {
            hub.publish("tick", i);
        }
        assertTrue(slow.isDropped());
        assertEquals(0, hub.subscribers());
        assertNotNull(hub.subscribe(1), "its place is free again");
    }

    @Test
    void closingDropsEveryPage() {
        EventHub hub = new EventHub();
        EventHub.Subscriber s = hub.subscribe(4);
        hub.deactivate();
        assertTrue(s.isDropped());
        assertTrue(hub.isClosed());
        assertNull(hub.subscribe(4));
    }
}
