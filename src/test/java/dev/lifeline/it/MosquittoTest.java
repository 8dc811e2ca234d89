package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/** The broker harness itself: starts, stops, and comes back on the same port. */
class MosquittoTest {
    @Test
    void startsStopsAndStartsAgainOnTheSamePort() throws Exception {
        try (Mosquitto broker = Mosquitto.start()) {
            assertTrue(broker.url().startsWith("tcp://127.0.0.1:"));
            connectOnce(broker.url());
            int port = broker.port();
            broker.stop();
            assertFalse(broker.isRunning());
            broker.startAgain();
            assertTrue(broker.isRunning());
            assertTrue(broker.url().endsWith(":" + port));
            connectOnce(broker.url());
        }
    }

    private static void connectOnce(String url) throws Exception {
        MqttClient c = new MqttClient(url, "harness-test", new MemoryPersistence());
        c.connect();
        assertTrue(c.isConnected());
        c.disconnect();
        c.close();
    }
}
